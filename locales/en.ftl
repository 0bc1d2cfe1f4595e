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
    /track CODE — follow a report
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

## Reports
menu-report = 📝 Report a problem
menu-my-reports = 📋 My reports
menu-waiting = 📥 Waiting for me
report-ask-subject = What is the problem about? Choose a subject.
report-ask-hood = Which neighbourhood is it in? Yours is { $hood }.
report-btn-keep-hood = ✅ This one ({ $hood })
report-btn-other-hood = 🏘 Another neighbourhood
report-ask-other-hood = Choose the neighbourhood:
report-ask-description = Describe the problem in one text message: what, exactly where, since when.
report-description-too-short = That is too short. Please write at least { $min } characters so the owner can find the problem.
report-description-too-long = That is too long ({ $length } characters). Please keep it under { $max } characters.
report-description-not-text = Please describe the problem in text. { $kind ->
        [sticker] A sticker
        [voice] A voice note
        [photo] A photo
        [document] A file
       *[other] This kind of message
    } can't be the description; you can send photos in a later step.
report-ask-location = Where exactly? Press “Send location”, type an address, or press “Skip”.
report-btn-send-location = 📍 Send location
report-btn-skip = ⏭ Skip
report-location-not-understood = I didn't get a location or an address. Press “Send location”, type an address (at least 5 characters), or press “Skip”.
report-ask-photos = If you have photos of the problem, send up to { $max }, then press “Done”. No photos? Press “Skip”.
report-btn-photos-done = ✅ Done
report-photo-received = Photo { $count } of { $max } received.
report-photos-not-photo = Please send photos only, or press “Done” / “Skip”.
report-step-saved = ✅ Saved.{ $photos ->
        [0] {""}
        [one] {" "}1 photo attached.
       *[other] {" "}{ $photos } photos attached.
    }
report-ask-urgency = How urgent is it?
report-btn-normal = Normal
report-btn-urgent = 🚨 Urgent
report-summary = Please check your report:
report-btn-confirm = ✅ File the report
report-btn-edit = ✏️ Edit
report-ask-edit = Which part do you want to edit?
report-field-subject = Subject
report-field-hood = Neighbourhood
report-field-description = Description
report-field-location = Location
report-field-photos = Photos
report-field-urgency = Urgency
report-duplicates = There are similar open reports in the same neighbourhood and subject. If it is the same problem, support one instead of filing a new report:
report-btn-support = 👍 Support { $code }
report-supported = Your support is recorded on report { $code }. You'll hear how it goes.
report-already-supported = You already support report { $code }.
report-support-closed = Report { $code } is no longer open; you can file your own.
report-filed = ✅ Your report is filed.
    Tracking code: { $code }
    It went to the { $step }. You'll be told of every change. To follow it: /track { $code }
report-cancelled = Report cancelled.
report-press-a-button = Please press one of the buttons, or send /cancel.
report-location-pin = 📍 Location sent
report-none = —
report-card-title = 📝 Report { $code }
report-card-subject = Subject: { $subject }
report-card-hood = Neighbourhood: { $hood }
report-card-state = State: { $state }
report-card-urgent = 🚨 Urgent
report-card-reporter = Reported by: { $name }
report-card-date = Date: { $date }
report-card-location = Location: { $location }
report-card-photos = Photos: { $count }
report-card-supporters = Supporters: { $count }
report-state-submitted = Submitted
report-state-acknowledged = Acknowledged
report-state-referred = Referred to the municipality
report-state-resolved = Resolved (awaiting your confirmation)
report-state-closed = Closed
report-state-rejected = Rejected
report-state-reopened = Reopened
report-step-neighborhood_wg_secretary = neighbourhood working-group secretary
report-step-neighborhood_secretary = neighbourhood council secretary
report-step-district_wg_secretary = district working-group secretary
report-step-presidium = presidium
report-step-liaison = district liaison
report-step-mayor = district mayor
report-step-deputy = municipal deputy
report-step-deputy_of_subject = responsible deputy
report-btn-ack = ✅ Acknowledge
report-btn-refer = ↪️ Refer to municipality
report-btn-resolve = ✔️ Resolved
report-btn-reject = ⛔ Reject
report-btn-noagree = ⚠️ No agreement → presidium
report-btn-ask = ❓ Ask the reporter
report-btn-history = 📜 History
report-btn-fixed = ✅ Yes, it's fixed
report-btn-notfixed = ❌ No, not fixed
report-btn-answer = ✍️ Answer
report-assigned-new = 📥 A new report for your action ({ $step }):
report-assigned-escalated = ⏰ The deadline at the “{ $from }” level passed and this report came to you ({ $step }):
report-assigned-noagree = ⚠️ The working-group secretary could not reach agreement with the municipality; the report goes to the presidium.
    Note: { $note }
report-assigned-reopened = 🔁 The reporter says the problem is not fixed; the report is open again:
report-moved = ⏰ The deadline of report { $code } passed and it moved to the { $step }. You can still act on it.
report-event-ack = Report { $code } was acknowledged by its owner.
report-event-refer = Report { $code } was referred to the municipality: { $deputy }
report-event-resolve = The owner says the problem of report { $code } is resolved.
    { $note }
    Is it really fixed?
report-event-reject = Report { $code } was rejected: { $reason } { $duplicate }
report-event-noagree = The working-group secretary could not reach agreement with the municipality; report { $code } goes to the presidium, to take up with the mayor.
report-event-escalated = The deadline for report { $code } passed; it moved to the { $step }.
report-event-closed = Report { $code } is closed. Thank you for following it up.
report-event-reopened = Report { $code } is open again and back with its owner.
report-event-ask = The owner has a question about report { $code }.
report-event-note = Note: { $note }
report-reason-duplicate = duplicate
report-reason-out_of_scope = outside the councils' remit
report-reason-not_fixed = not fixed
report-question = ❓ The owner asks about report { $code }:
    { $question }
    Press the button below to answer.
report-answer = ✍️ The reporter's answer on { $code }:
    Question: { $question }
    Answer: { $answer }
report-ask-deputy = Which municipal deputy or unit are you referring it to?
report-btn-other-unit = Another unit (type its name)
report-ask-unit = Type the municipal unit's name:
report-ask-note = Write a short note (or press “Skip”):
report-ask-note-required = Please write an explanation (required):
report-ask-reject-reason = Why is it rejected?
report-btn-reason-duplicate = It's a duplicate
report-btn-reason-out_of_scope = Outside our remit
report-ask-duplicate-code = Type the tracking code of the original report (e.g. 8-1405-00012):
report-duplicate-code-bad = That code is not valid, or no report in the district has it. Type it again:
report-ask-question = Type your question for the reporter:
report-ask-answer = Type your answer:
report-text-only = Please type text.
report-done-ack = ✅ Done: { $code } — { $state }
report-stale = This report was already handled{ $by ->
        [none] {""}
       *[other] {" "}by { $by }
    }{ $at ->
        [none] {""}
       *[other] {" "}at { $at }
    }. Current state: { $state }
report-forbidden = You are not allowed to do this on this report.
report-not-found = No report found.
report-invalid = Something was missing; please try again.
report-thanks-answer = Your answer was sent to the owner.
report-thanks-confirm-fixed = Thank you! The report is closed.
report-thanks-confirm-notfixed = The report is open again and back with its owner.
my-reports-title = 📋 Your reports (newest first):
my-reports-empty = You haven't filed any reports yet.
my-reports-item = { $code } · { $state }
btn-prev = ◀️ Previous
btn-next = Next ▶️
waiting-title = 📥 Waiting for your action (oldest first):
waiting-empty = Nothing is waiting for you. 👌
waiting-item = { $code } · { $state } · { $days ->
        [0] today
        [one] { $days } day
       *[other] { $days } days
    }
track-usage = Type the tracking code after the command, e.g. /track 8-1405-00123
history-title = 📜 History:
history-line = { $when } — { $action }{ $by ->
        [none] {""}
       *[other] {" "}({ $by })
    }{ $note ->
        [none] {""}
       *[other] : { $note }
    }
history-action-report-submitted = filed
history-action-report-ack = acknowledged
history-action-report-refer = referred to the municipality
history-action-report-resolve = marked resolved
history-action-report-reject = rejected
history-action-report-noagree = no agreement, to the presidium
history-action-report-ask = question to the reporter
history-action-report-answered = reporter's answer
history-action-report-closed = confirmed fixed and closed
history-action-report-reopened = reopened (not fixed)
history-action-report-escalated = moved up (deadline passed)
history-action-report-breach = deadline passed at the top level
history-action-report-supported = a councillor's support
history-by-system = system
help-role-reports = • “📝 Report a problem” files a neighbourhood problem, “📋 My reports” follows yours, and /track CODE shows any report's history.
cmd-track = Follow a report by its code
