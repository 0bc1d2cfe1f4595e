# English. Keep every key of fa.ftl here too.

language-name = English
choose-language = 🌐 زبان خود را انتخاب کنید.
    Please choose your language.
language-changed = The bot now speaks English.

## Onboarding
onboarding-intro = Welcome to the neighbourhood councils' bot.
    To sign in, send your mobile number with the “Share my number” button at the bottom of the screen; it is matched against the district's roster of councillors.
button-share-contact = 📱 Share my number
button-cancel = ✖️ Cancel
onboarding-press-button = Please use the “Share my number” button at the bottom of the screen. Don't type the number: the button sends your own verified number.
refuse-not-own-contact = That number is not yours. Please send your own number with the “Share my number” button.
refuse-not-on-roster = Your number is not on the district's roster of councillors.
    To be added, contact the district's councils liaison{ $liaison ->
        [none] .
       *[other] : { $liaison }
    }
refuse-inactive = Your access to the bot has been switched off. If you think this is a mistake, contact the district's councils liaison{ $liaison ->
        [none] {""}
       *[other] {" "}({ $liaison })
    }.
refuse-unregistered = Please confirm who you are first: press /start.
refuse-private-only = This command works only in a private chat with the bot. Please message the bot directly.
welcome = Welcome, { $name }! You are signed in.
onboarding-cancelled = Sign-in cancelled. Press /start whenever you're ready.
welcome-back = Welcome back, { $name }.

## Menu
menu-prompt = Main menu — choose an option.
menu-help = ❓ Help
menu-language = 🌐 زبان / Language
menu-profile = 👤 My profile
cancelled = Cancelled. You are back at the main menu.
nothing-to-cancel = There was nothing to cancel.
unknown-input = Sorry, I didn't understand. Use the menu buttons or press /help.

## Profile and roles
profile = 👤 { $name }
    📱 { $phone }
    🏘 Neighbourhood: { $neighborhood }
    🏛 { $district }
    Roles:
    { $roles }
profile-no-neighborhood = —
role-councillor = Councillor
role-neighborhood_secretary = Neighbourhood council secretary
role-wg_member = Member of the { $subject } working group
role-wg_secretary = Secretary of the neighbourhood { $subject } working group
role-district_wg_secretary = Secretary of the district { $subject } working group
role-presidium = Presidium member
role-liaison = District councils liaison
role-deputy = Deputy for { $subject }
role-mayor = District mayor
role-area_mayor = Mayor of { $area }
role-admin = Administrator

## Help
help-intro = This bot helps Tehran's neighbourhood councillors: report neighbourhood problems, propose small-scale projects and never miss a meeting.
help-commands = Commands:
    /menu — main menu
    /cancel — cancel what you are doing
    /language — change the language
    /help — this help
help-stranger = Press /start and share your number to begin. Only people on the district's roster of councillors can use the bot.
help-role-councillor = • As a councillor you can see your profile and change the bot's language.
help-role-secretary = • As a secretary you are told about everything that waits for your action.
help-role-presidium = • As a presidium member you receive items escalated to your level.
help-role-liaison = • As the district liaison you can record signatures of officials who don't use the bot.
help-role-official = • As a municipal official you receive requests in your area of responsibility.
help-role-admin = • As an administrator you update the roster and district settings with the district:import command.

## Errors
error-generic = Sorry, something went wrong and your request was not completed. Please try again.
error-store-unavailable = The service is temporarily unavailable. Nothing is lost; please try again in a few minutes.
callback-stale = This button is no longer valid.

## Bot commands (shown in the messenger's command menu)
cmd-start = Start and sign in
cmd-menu = Main menu
cmd-help = Help
cmd-cancel = Cancel what you are doing
cmd-language = Change the language
