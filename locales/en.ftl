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
liaison-of-district = { $name } ({ $district })
refuse-inactive = Your access to the bot has been switched off. If you think this is a mistake, contact the district's councils liaison{ $liaison ->
        [none] {""}
       *[other] {" "}({ $liaison })
    }.
refuse-unregistered = Please confirm who you are first: press /start.
refuse-private-only = This command works only in a private chat with the bot. Please message the bot directly.
welcome = Welcome, { $name }! You are signed in.
onboarding-cancelled = Sign-in cancelled. Press /start whenever you're ready.
welcome-back = Welcome back, { $name }.
held-intro = 📬 While the bot could not reach you, { $count ->
        [one] one message
       *[other] { $count } messages
    } came for you. Here they are, in order:
owner-unreachable = 📵 { $name } ({ $phone }) cannot be reached through the bot: { $blocked ->
        [yes] they have blocked it.
       *[no] they have not signed in yet.
    }
    { $item ->
        [proposal] Their signature is asked for proposal { $label }.
        [action] The action item “{ $label }” is assigned to them.
       *[report] Report { $label } is assigned to them.
    }
    Please call them. What came for them meanwhile will reach them once they can be reached.

## Menu
menu-prompt = Main menu — choose an option.
menu-help = ❓ Help
menu-language = 🌐 زبان / Language
menu-profile = 👤 My profile
cancelled = Cancelled. You are back at the main menu.
nothing-to-cancel = There was nothing to cancel.
unknown-input = Sorry, I didn't understand. Use the menu buttons or press /help.
menu-entry-gone = That button is no longer in your menu: your roles changed with the district's latest roster. Here is your menu as it is now; the district liaison can tell you more.

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
answer-type-text = Please type your answer as text.
answer-required = This question needs an answer; it can't be skipped.
answer-too-long = That's too long ({ $length } characters). Please shorten it to { $max } or fewer and send it again.
form-left-for-menu = The form you were filling in is closed.
text-no-words = Please write it in words: symbols, emoji or numbers alone say too little.
help-form-open = A form you started is still open: answer its last question to go on, or send /cancel to close it.

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
report-ask-hood-draft = Which neighbourhood is it in? This report says { $hood }.
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
report-location-outside = This location is outside Tehran province. Please send the location of the problem again, type an address, or press “Skip”.
report-address-too-long = The address is too long ({ $length } characters). Please write it in at most { $max } characters, or press “Send location”.
report-ask-photos = If you have photos of the problem, send up to { $max }, then press “Done”. No photos? Press “Skip”.
report-ask-photos-more = It has { $count } photos now. Send a photo to add it (up to { $max } in all), press “Skip” to remove them all, or “Done” to keep them.
report-btn-photos-done = ✅ Done
report-photo-received = Photo { $count } of { $max } received.
report-photos-not-photo = Please send photos only, or press “Done” / “Skip”.
report-photos-as-file = This picture came as a file. Please send it as a photo (not “as a file”), or press “Done” / “Skip”.
report-photos-extra = Only the first { $max } photos were kept; the others were not saved. Please carry on with the buttons of the message above.
report-photos-full = This report has { $max } photos, the most it can have, so the new one was not kept. Press “Done” to keep them, or “Skip” to remove them all.
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
report-btn-back-summary = ↩️ Back to the summary
report-edit-kept = ↩️ Back to the summary, nothing changed.
report-duplicates = There are similar open reports in the same neighbourhood and subject. If it is the same problem, support one instead of filing a new report:
report-btn-support = 👍 Support { $code }
report-supported = Your support is recorded on report { $code }. You'll hear how it goes.
report-already-supported = You already support report { $code }.
report-support-closed = Report { $code } is no longer open; you can file your own.
report-support-own = Report { $code } is your own, so there is no need to support it. Your new report is still here: you can file or edit it.
report-filed = ✅ Your report is filed.
    Tracking code: { $code }
    It went to the { $step }. You'll be told of every change. To follow it: /track { $code }
report-filed-quiet = 🌙 It's quiet hours now: the owner's notification goes out at { $at }. Urgent reports go out at once.
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
report-state-resolved = Resolved (awaiting the reporter's confirmation)
report-state-resolved-mine = Resolved (awaiting your confirmation)
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
report-assigned-overdue = ⏰ The deadline at your level ({ $step }) passed and there is no level above; this report is still with you:
report-assigned-noagree = ⚠️ The { $from } could not reach agreement with the municipality; the report goes to the presidium.
    Note: { $note }
report-assigned-reopened = 🔁 The reporter says the problem is not fixed; the report is open again:
report-assigned-roster = 👤 After a roster update, this report is now yours ({ $step }):
report-moved = ⏰ The deadline of report { $code } passed and it moved to the { $step }. You can still act on it.
report-event-ack = Report { $code } was acknowledged by its owner.
report-event-refer = Report { $code } was referred to the municipality: { $deputy }
report-event-resolve = The owner says the problem of report { $code } is resolved.
    { $note }
    Is it really fixed?
report-event-reject = Report { $code } was rejected: { $reason } { $duplicate }
report-event-noagree = The { $from } could not reach agreement with the municipality; report { $code } goes to the presidium, to take up with the mayor.
report-event-escalated = The deadline for report { $code } passed; it moved to the { $step }.
report-event-closed = Report { $code } is closed. Thank you for following it up.
report-event-reopened = Report { $code } is open again and back with its owner.
report-event-ask = The owner has a question about report { $code }.
report-event-note = Note: { $note }
report-supporter-update = 👍 News of a report you supported:
report-supporter-resolve = The owner says the problem of report { $code } is resolved. Once the reporter confirms it, the report is closed.
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
report-duplicate-code-rejected = That report was itself rejected, so it cannot be the original. Type the code of a report that has not been rejected.
report-duplicate-original-missing = Report { $code } was not rejected: the original { $original } is not a report of the district, or is this report itself. Nothing changed.
report-duplicate-original-rejected = Report { $code } was not rejected: the original { $original } has itself been rejected (or is being rejected right now as a duplicate of { $code }), so it cannot be the original. Nothing changed.
report-ask-question = Type your question for the reporter:
report-ask-answer = Type your answer:
report-done-ack = ✅ Done: { $code } — { $state }
report-stale = This report was already handled{ $by ->
        [none] {""}
       *[other] {" "}by { $by }
    }{ $at ->
        [none] {""}
       *[other] {" "}at { $at }
    }. Current state: { $state }
report-forbidden = You are not allowed to do this on this report.
report-role-gone = You are no longer the { $step } for this report and can't act on report { $code }; it goes to whoever holds that role now.
report-not-found = No report found.
report-invalid = Something was missing; please try again.
report-noagree-unavailable = “No agreement” sends a report up to the presidium from the levels below it; report { $code } is now with the { $step }, so it was not moved and nothing changed.
report-thanks-answer = Your answer was sent to the owner.
report-answer-not-open = Report { $code } is no longer open (state: { $state }), so your answer was not sent.
report-thanks-confirm-fixed = Thank you! The report is closed.
report-thanks-confirm-notfixed = The report is open again and back with its owner.
report-confirm-superseded = This button belongs to an earlier resolution of report { $code } and no longer does anything; if it was marked resolved again, use the buttons of the latest message.
my-reports-title = 📋 Your reports (newest first):
my-reports-empty = You haven't filed any reports yet.
my-reports-item = { $code } · { $state }
btn-prev = ◀️ Previous
btn-next = Next ▶️
waiting-title = 📥 Waiting for your action (oldest first):
waiting-empty = Nothing is waiting for you. 👌
waiting-more = { $total } are waiting for you; here are the { $shown } oldest, and the rest come up as you deal with these.
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
history-action-report-reassigned = handed over (roster updated)
history-by-system = system
history-note-escalated = { $deadline ->
        [ack] acknowledgement deadline;{" "}
        [resolve] resolution deadline;{" "}
       *[other] {""}
    }from the { $from } to the { $to }
history-note-breach = { $deadline ->
        [ack] acknowledgement deadline,{" "}
        [resolve] resolution deadline,{" "}
       *[other] {""}
    }with the { $to }
history-note-reassigned = { $same ->
        [yes] still with the { $to }, now whoever holds that role
       *[other] from the { $from } to the { $to }
    }
history-note-reject = { $duplicate ->
        [none] { $reason }
       *[other] { $reason }, original report: { $duplicate }
    }
history-note-refer = to { $to }
history-note-with-note = { $what }; note: { $note }
history-older-hidden = … { $count ->
        [one] 1 earlier entry is
       *[other] { $count } earlier entries are
    } left out so the card fits in one message.
help-role-reports = • “📝 Report a problem” files a neighbourhood problem, “📋 My reports” follows yours, and /track CODE shows the history of a report you filed, support or handle.
cmd-track = Follow a report by its code

## meetings (issue 7)
menu-meetings = 📅 Meetings
meeting-title-wg-neighborhood = { $subject } working group of { $hood }
meeting-title-wg-district = District { $subject } working group with its deputy
meeting-title-presidium = Presidium meeting with the district mayor
meeting-title-council = { $hood } neighbourhood council meeting
meeting-card-title = 📅 { $title }
meeting-card-when = 🕰 { $when } (about { $minutes } minutes)
meeting-card-place = 📍 Place: { $place }
meeting-card-link = 🔗 Online meeting link: { $link }
meeting-card-notes = 📝 Notes: { $notes }
meeting-card-secretary = 👤 Secretary: { $name }
meeting-btn-yes = ✅ Attending
meeting-btn-no = ❌ Can't attend
meeting-btn-ics = 📆 Add to calendar
meeting-btn-agenda = 📋 Agenda
meeting-btn-attendance = 👥 Attendance
meeting-btn-edit-agenda = ✏️ Edit agenda
meeting-btn-move = 🔁 Change time
meeting-btn-cancel-meeting = 🚫 Cancel meeting
meeting-btn-confirm-cancel = Yes, cancel the meeting
meeting-btn-minutes = 📝 Record minutes
meeting-btn-schedule = ➕ Schedule a meeting
meeting-btn-my-items = 📌 My action items ({ $count })
meeting-btn-once = Once
meeting-btn-monthly-nth = Monthly: e.g. "second Monday of every month"
meeting-btn-monthly-day = Monthly: a given day of every month
meeting-btn-save = ✅ Save
meeting-btn-next-step = Continue ➡️
meeting-btn-add-action = ➕ Add action item
meeting-btn-report-refer = Refer to the deputy
meeting-btn-report-resolve = Resolved
meeting-btn-report-none = No change
meeting-btn-agenda-add = ➕ Add item
meeting-btn-agenda-sync = 🔄 Add open items
meeting-btn-item-done = ✅ Done
meeting-btn-item-date = 📆 Ask for a new date
meeting-btn-date-ok = ✅ Approve
meeting-btn-date-no = ❌ Refuse
meeting-in = in { $span }
meeting-span-and = {" and "}
meeting-scheduled-head = 📣 A new meeting has been scheduled. Please say whether you can attend.
meeting-reminder-head = ⏰ Reminder: the meeting is { $left }.
meeting-group-hint = To answer, press the reminder's buttons in your private chat with the bot.
meeting-moved-head = 🔁 The meeting has moved from { $old } to { $new }. Please answer again.
meeting-cancelled-head = 🚫 This meeting has been cancelled.
meeting-reason = Reason: { $reason }
meeting-low-attendance = ⚠️ The meeting is { $left }, and only { $yes } of { $total } have confirmed ({ $no } can't attend).
meeting-series-nag = 📅 No meeting of "{ $title }" is scheduled in { $month } yet. Please schedule this month's meeting.
meeting-minutes-nag-secretary = 📝 The minutes of this meeting have not been recorded yet. Please record them.
meeting-minutes-nag-presidium = ⚠️ { $days ->
        [one] One working day
       *[other] { $days } working days
    } on, this meeting still has no minutes.
meeting-minutes-head = 📝 Minutes
meeting-minutes-head-part = 📝 Minutes (part { $part } of { $parts })
meeting-minutes-attended = Attended ({ $count }): { $names }
meeting-minutes-decisions = Decisions:
meeting-minutes-actions = Action items:
meeting-agenda-title = 📋 Agenda:
meeting-agenda-more = … and { $count } more { $count ->
        [one] item
       *[other] items
    }; the whole agenda is under “📋 Agenda”.
meeting-agenda-empty = 📋 The agenda has no items yet.
meeting-item-line = { $text } — owner: { $owner } — due: { $due }
meeting-owner-deputy = Municipality: { $deputy }
meeting-action-assigned = 📌 An action item from the minutes is yours:
meeting-action-due = ⏰ This action item is due soon:
meeting-action-overdue-owner = ⚠️ This action item is overdue and has been reported up the ladder:
meeting-action-overdue-secretary = ⚠️ An action item from your meeting's minutes is overdue:
meeting-action-overdue-presidium = ⚠️ An action item from the minutes is still not done despite the secretary's follow-up:
meeting-action-done-note = ✅ { $by } marked this action item done: { $note }
meeting-date-request = 📆 { $by } asks for a new due date for this item: { $date }. Reason: { $reason }
meeting-date-approved = ✅ The new due date { $date } was approved.
meeting-date-refused = ❌ The new due date { $date } was not approved; the earlier date stands.
meeting-date-approved-secretary = The new due date ({ $date }) is recorded and the owner has been told.
meeting-date-refused-secretary = Refused; the owner has been told.
meeting-list-title = 📅 Upcoming meetings:
meeting-list-empty = 📅 You have no upcoming meetings.
meeting-list-more = (…and { $count } more after these; each comes into this list in its turn.)
meeting-items-empty = You have no open action items.
meeting-items-more = …and { $count } more, due later. Once these are done, press “My action items” again.
meeting-state-line = State: { $state }
meeting-state-scheduled = scheduled
meeting-state-held = held
meeting-state-cancelled = cancelled
meeting-my-answer = Your answer: { $answer }
meeting-answer-yes = attending
meeting-answer-no = can't attend
meeting-answer-none = not answered yet
meeting-attendance-head = ✅ { $yes } attending — ❌ { $no } not — ⏳ { $pending } no answer (of { $total })
meeting-rsvp-yes-saved = ✅ Your attendance is recorded. You can change it until the meeting starts.
meeting-rsvp-no-saved = Recorded that you can't attend. You can change it until the meeting starts.
meeting-rsvp-no-saved-form-open = Recorded that you can't attend. You are in the middle of a form, so no reason is asked: it goes on where you left it.
meeting-rsvp-already-yes = Your attendance is already recorded.
meeting-rsvp-already-no = It is already recorded that you can't attend.
meeting-rsvp-reason-saved = Your reason is recorded; the secretary will see it.
meeting-rsvp-reason-dropped = Your answer has since become “Attending”, so this reason was not recorded.
meeting-ask-reason = You may write the reason (optional):
meeting-not-participant = You are not a participant of this meeting.
meeting-not-secretary = Only working-group secretaries, neighbourhood secretaries and the presidium schedule meetings.
meeting-result-not_found = This meeting was not found.
meeting-result-forbidden = Only this meeting's secretary can do that.
meeting-result-role-gone = You no longer hold this group's secretary role; its current secretary runs this meeting.
meeting-result-invalid = That time is not valid; please choose a time in the future.
meeting-result-started = The meeting has started; answers can no longer change.
meeting-result-agenda_full = The agenda is full (40 items): remove one before adding another.
meeting-result-stale = This meeting is now "{ $state }" (last change: { $by }, { $at }); nothing was done.
meeting-result-stale-unknown = This meeting is now "{ $state }"; nothing was done.
meeting-ask-scope = Which group's meeting are you scheduling?
meeting-ask-repeat = "{ $title }": once, or every month?
meeting-ask-date = Pick the date on the calendar or type it (e.g. 1405/09/15). Holidays are marked with *.
meeting-ask-new-date = Pick the new date on the calendar or type it (e.g. 1405/09/15).
meeting-ask-nth = Which week of the month?
meeting-nth-1 = First
meeting-nth-2 = Second
meeting-nth-3 = Third
meeting-nth-4 = Fourth
meeting-nth-last = Last
meeting-ask-weekday = Which day of the week?
meeting-ask-day = Which day of every month? (1–31; shorter months use their last day)
meeting-day-invalid = Please type a number from 1 to 31.
meeting-ask-time = Type the start time (e.g. 10:30 or 17):
meeting-time-not-understood = I didn't understand the time; please type it like 10:30.
meeting-time-past = That time today has already passed; please type a later time.
meeting-date-not-understood = I didn't understand the date; pick it on the calendar or type it like 1405/09/15.
date-no-such-day = { $month } { $year } has only { $days } days: there is no { $day } { $month } that year. Please type another date.
date-gregorian = That is a Gregorian date; please type the Jalali (Persian calendar) date, e.g. 1405/09/08.
meeting-date-past = That date has passed; please choose today or later.
meeting-date-too-far = That date is more than { $years } years ahead — probably a slip of the year. Type the date again or pick it on the calendar.
meeting-warn-friday = ⚠️ Note: that day is a Friday.
meeting-warn-holiday = ⚠️ Note: that day is a holiday in the district's calendar.
meeting-ask-place = Type the place, or the link of the online meeting:
meeting-ask-notes = Any notes for the participants? (optional)
meeting-series-summary = 📅 "{ $title }" every month; next occurrences:
meeting-confirm = Save it?
meeting-saved = ✅ The meeting is saved and every participant has been told.
meeting-series-saved = ✅ The monthly meeting is saved; { $count } upcoming occurrences are scheduled and announced. Each can be moved or cancelled on its own.
meeting-confirm-move = New time: { $when }. Tell every participant?
meeting-moved-done = ✅ The meeting has moved and everyone has been told.
meeting-ask-cancel-reason = Reason for cancelling (optional):
meeting-confirm-cancel = Cancel the meeting and tell every participant?
meeting-cancelled-done = ✅ The meeting is cancelled and everyone has been told.
meeting-btn-stop-series = ⏹ End the monthly series
meeting-series-not-active = These monthly meetings have already ended.
meeting-ask-stop-series = End this meeting's monthly series? No new meetings will be made and no “schedule this month's meeting” reminders will come. This meeting stays as it is.{ $count ->
        [0] {""}
        [one] {" "}The next one ({ $dates }) will be cancelled and its participants told.
       *[other] {" "}The next { $count } ({ $dates }) will be cancelled and their participants told.
    }
meeting-btn-stop-series-yes = ⏹ Yes, end the series
meeting-btn-stop-series-no = ↩️ No, keep it
meeting-series-kept = Nothing changed; the monthly meetings go on.
meeting-series-stopped = ⏹ The monthly series has ended.{ $count ->
        [0] {""}
        [one] {" "}The next meeting was cancelled and its participants told.
       *[other] {" "}The next { $count } meetings were cancelled and their participants told.
    }
meeting-ics-caption = 📆 Open this file to add the meeting to your phone's calendar.
meeting-agenda-changed = The agenda changed in the meantime; here is the current one.
meeting-agenda-updated = Agenda updated.
meeting-agenda-added = ✅ The item was added to the agenda.
meeting-ask-agenda-item = Type the new agenda item:
meeting-minutes-too-early = Minutes can be recorded once the meeting has started.
meeting-ask-attendance = Who attended? (Prefilled from the answers; press a name to change it.)
meeting-ask-decision = Item { $n } of { $total }: { $title }
    Type the meeting's decision on this item:
meeting-ask-notes-rest = The agenda had { $count } more items:
    { $titles }
    Write one note covering them all (or press Skip):
meeting-ask-report-action = Change this report's state?
meeting-ask-actions = Action items so far: { $count }. Another one?
meeting-ask-action-text = Describe the action:
meeting-ask-owner = Who owns this action?
meeting-ask-due = Pick the due date on the calendar or type it:
meeting-due-past = Items are due at 14:00 of the day picked, and that time has passed; please pick a later day.
meeting-minutes-summary = 📝 Minutes summary:
meeting-minutes-saved = ✅ The minutes are recorded and sent to every participant.
meeting-minutes-report-failed = ⚠️ { $count } report(s) could not change state (permission or state did not allow it).
meeting-ask-done-note = A short note on how it was done:
meeting-item-done-saved = ✅ Recorded; the meeting's secretary has been told.
meeting-ask-new-due = Pick the proposed new due date:
meeting-ask-date-reason = Why a new date? (optional)
meeting-item-date-sent = ✅ Your request was sent to the meeting's secretary.
meeting-item-not_found = This action item was not found.
meeting-item-forbidden = This action item is not yours.
meeting-item-date-secretary-only = Only the meeting's secretary can answer a request for a new due date.
meeting-item-invalid = That date is not valid.
meeting-item-stale = This action item is no longer open, or the request was already answered.
meeting-item-changed = This request has changed: the owner asked for another date since. Please answer the newer message.
meeting-item-past = The date asked for has already passed, so it was not approved. You can refuse the request so the owner asks for a new date.
help-role-meetings = • “📅 Meetings” shows your meetings: answer invitations, read agendas and record minutes.

## Proposals (small-scale projects)
menu-proposal-new = 🏗 New proposal
menu-proposal-mine = 🗂 My proposals
menu-proposal-waiting = ✍️ Signatures waiting
proposal-intro = Let's fill in the small-scale project form together. Each answer is saved to your draft straight away; leave any time with Cancel and continue later from “🗂 My proposals”.
proposal-has-drafts = You have unfinished drafts. Continue one, or start a new proposal?
proposal-drafts-more = { $count ->
        [one] One more draft is
       *[other] { $count } more drafts are
    } in «🗂 My proposals».
proposal-btn-continue-draft = ✏️ Continue “{ $title }”
proposal-btn-new-draft = ➕ New proposal
proposal-untitled = (untitled)
proposal-progress = Step { $n } of { $total }
proposal-ask-title = Write the proposal's title (short and clear, e.g. “Lighting for Shahid Ahmadi alley”).
proposal-ask-neighborhood = Which neighbourhood is the project for?
proposal-ask-subject = What is the project's subject?
proposal-ask-problem = Which problem does this project solve? Describe it in one text message.
proposal-ask-description = Describe the project: what will be done, to what specification, and how.
proposal-ask-location = Where will it be done? Press “Send location” or type the address.
proposal-location-not-understood = I didn't understand the location or address. Press “Send location” or type the address (at least 5 characters).
proposal-location-outside = That location is outside Tehran province. Please send the location of the project again, or type the address.
proposal-ask-beneficiaries-who = Who benefits from this project? (e.g. “residents of the nearby alleys and pupils of the local school”)
proposal-ask-beneficiaries-count = Roughly how many people? Just the number, e.g. 500.
proposal-beneficiaries-who-kept = Who benefits (saved): { $who }
proposal-count-bad = I didn't understand the number. Please type a number, e.g. 500 or “about 2,000 people”.
proposal-ask-cost = What is the estimated cost in rials? E.g. “250 million”, “1,200,000,000” or “1.5 billion”.
proposal-cost-bad = I didn't understand the amount. Type the amount in rials in digits; thousands separators and the words thousand/million/billion (هزار/میلیون/میلیارد) are fine, e.g. “250 million” or “1,200,000,000”.
proposal-cost-saved = ✅ Estimated cost saved: { $cost }
proposal-cost-value = { $rials } rials ({ $tomans } tomans)
proposal-ask-duration = How many months will it take? (a number from 1 to 60)
proposal-duration-bad = I didn't understand the duration. Type the number of months between 1 and 60, e.g. 6.
proposal-ask-attachments = If you have photos or files (plans, estimates…), send up to { $max } and then press “Done”. If there are none, press “Skip”.
proposal-attachment-received = Attachment { $count } of { $max } received.
proposal-ask-attachments-more = It has { $count } attachments now. Send a photo or file to add it (up to { $max } in all), press “🗑 Remove current attachments” to start over, or press “Done” to keep them.
proposal-btn-attachments-clear = 🗑 Remove current attachments
proposal-attachments-cleared = The earlier attachments are set aside. Send the new ones, or press “Skip” if you want none.
proposal-attachments-full = This proposal has { $max } attachments, the most it can have. To attach another, first press “🗑 Remove current attachments”; or press “Done”.
proposal-attachments-full-extra = This file was not attached: the proposal has { $max } attachments, the most it can have. To replace them, press “✏️ Edit a field” and then “Attachments”.
proposal-attachments-not-file = Please send only photos or files, or press “Done” / “Skip”.
proposal-text-too-short = That's too short. Please write at least { $min } characters.
proposal-text-too-long = That's too long ({ $length } characters). Please keep it under { $max }.
proposal-saved = ✅ Saved.
proposal-draft-kept = Your draft is saved. Continue any time from “🗂 My proposals”.
proposal-not-editable = This proposal can no longer be edited, or it isn't yours.
proposal-summary-title = 📋 Please check the proposal once more before sending it for signatures:
proposal-summary-returned-title = 📋 The proposal was returned for revision. Correct it, then send it again:
proposal-summary-return-note = ↩️ Comment from { $by }: { $comment }
proposal-summary-chain = ✍️ Signature chain:
proposal-chain-line = { $n }. { $step } — { $names }
proposal-chain-nobody = (nobody on the roster; the liaison records the paper signature)
proposal-chain-signed = { $n }. ✅ { $step } — { $name }, { $when }
proposal-chain-signed-paper = { $n }. ✅ { $step } — { $name }, { $when } (paper signature, recorded by { $liaison })
proposal-chain-current = { $n }. ⏳ { $step } — { $names } (since { $since })
proposal-btn-submit = ✅ Send for signatures
proposal-btn-resubmit = ✅ Send again for signatures
proposal-btn-edit-field = ✏️ Edit a field
proposal-btn-delete = 🗑 Delete draft
proposal-btn-delete-yes = Yes, delete it
proposal-btn-delete-no = No, keep it
proposal-btn-continue = ✏️ Continue editing
proposal-ask-edit = Which field do you want to edit?
proposal-ask-delete = Delete this draft for good?
proposal-draft-deleted = The draft was deleted.
proposal-submitted = ✅ Proposal { $code } was sent for signatures. You'll hear about every signature and every change.
proposal-field-title = Title
proposal-field-neighborhood = Neighbourhood
proposal-field-subject = Subject
proposal-field-problem = Problem it solves
proposal-field-description = Description
proposal-card-shortened = ✂️ The problem and the description are shortened in this message; “📜 Status and history” sends them in full.
proposal-field-location = Location
proposal-field-beneficiaries = Beneficiaries
proposal-field-cost = Estimated cost
proposal-field-duration = Duration
proposal-field-attachments = Attachments
proposal-none = —
proposal-beneficiaries-value = { $who } (about { $count } people)
proposal-duration-value = { $months ->
        [one] { $months } month
       *[other] { $months } months
    }
proposal-attachments-value = { $count ->
        [0] no attachments
        [one] { $count } attachment
       *[other] { $count } attachments
    }
proposal-card-title = 🏗 Proposal { $code }: { $title }
proposal-card-title-draft = 🏗 Draft proposal: { $title }
proposal-card-proposer = Proposed by: { $name }
proposal-diff-title = 🔄 Changes since you last saw it:
proposal-diff-line = • { $field }: “{ $before }” → “{ $after }”
proposal-diff-none = 🔄 The form hasn't changed since you last saw it.
proposal-step-neighborhood_wg_secretary = Neighbourhood working-group secretary
proposal-step-neighborhood_secretary = Neighbourhood council secretary
proposal-step-district_wg_secretary = District working-group secretary
proposal-step-presidium = Presidium
proposal-step-liaison = District liaison
proposal-step-mayor = District mayor
proposal-step-deputy = Deputy mayor
proposal-step-deputy_of_subject = The responsible deputy
proposal-sign-request = ✍️ Proposal { $code } is waiting for your signature ({ $step }).
proposal-sign-request-again = ✍️ Proposal { $code } was revised and sent again (round { $revision }); it is waiting for your signature ({ $step }).
proposal-sign-reminder = ⏰ Reminder: proposal { $code } has been waiting for your signature ({ $step }) since { $since }.
proposal-signed-so-far = Signed by: { $names }
proposal-btn-sign = ✅ Sign
proposal-btn-return = ↩️ Return for revision
proposal-btn-reject = ⛔ Reject
proposal-btn-status = 📜 Status and history
proposal-btn-paper = 🖋 Record paper signature
proposal-btn-paper-return = ↩️ Record a return on paper
proposal-btn-paper-reject = ⛔ Record a rejection on paper
proposal-btn-edit-resubmit = ✏️ Revise and resubmit
proposal-paper-request = 🖋 Proposal { $code } is at the { $step } step ({ $holders }). If it is signed on the paper form, record it with the button below, with a photo or scan of the signed form.
proposal-paper-reminder = ⏰ Reminder: proposal { $code } has been at the { $step } step ({ $holders }) since { $since }. If you have the paper signature, record it.
proposal-ask-paper = Send a photo or scan (PDF) of the signed paper form.
proposal-paper-not-file = Please send a photo or file of the signed form, or press Cancel.
proposal-ask-paper-return-comment = The holder of this step returned the proposal for revision on paper. Type their comment as they wrote it; it goes to the proposer (required).
proposal-ask-paper-reject-reason = The holder of this step rejected the proposal on paper. Type their reason as they wrote it (required).
proposal-ask-paper-decision = Send a photo or scan (PDF) of the paper the decision is written on.
proposal-paper-decision-not-file = Please send a photo or file of the paper the decision is written on, or press Cancel.
proposal-ask-return-comment = What needs to change? Your comment goes to the proposer (required).
proposal-ask-reject-reason = Write the reason for rejecting the proposal (required).
proposal-done-sign = ✅ Your signature on proposal { $code } is recorded.
proposal-done-paper = ✅ The paper signature on proposal { $code } is recorded; the history says it was on paper and recorded by you.
proposal-done-return = ↩️ Proposal { $code } was returned to the proposer for revision.
proposal-done-reject = ⛔ Proposal { $code } was rejected and the proposer has been told.
proposal-done-paper-return = ↩️ The return on paper of proposal { $code } is recorded and the proposal went back to the proposer for revision; its history says it was recorded on paper, by you.
proposal-done-paper-reject = ⛔ The rejection on paper of proposal { $code } is recorded and the proposer was told; its history says it was recorded on paper, by you.
proposal-event-signed = ✅ Proposal { $code } (“{ $title }”) was signed by { $signer } ({ $step }){ $recordedBy ->
        [none] {""}
       *[other] {" "}(paper signature, recorded by { $recordedBy })
    }. It now waits for { $next }.
proposal-event-approved = 🎉 Proposal { $code } (“{ $title }”) has all its signatures and is approved. It will be sent to the councils' headquarters shortly.
proposal-event-sent_to_hq = 📨 Proposal { $code } (“{ $title }”) was sent to the councils' headquarters.
proposal-event-returned = ↩️ Proposal { $code } (“{ $title }”) was returned for revision by { $signer } ({ $step }){ $recordedBy ->
        [none] {""}
       *[other] {" "}(on paper, recorded by { $recordedBy })
    }:
    { $note }
    Revise it and send it again.
proposal-event-rejected = ⛔ Proposal { $code } (“{ $title }”) was rejected by { $signer } ({ $step }){ $recordedBy ->
        [none] {""}
       *[other] {" "}(on paper, recorded by { $recordedBy })
    }. Reason: { $note }
proposal-alert = 🚨 Proposal { $code } (“{ $title }”) has been stuck at the { $step } step since { $since }. Held by: { $holders }
proposal-hq-summary = 📨 Approved small-scale project { $code } for the councils' headquarters:
proposal-hq-form-caption = The complete form of proposal { $code } with its signature table (open in a browser to print).
proposal-hq-failed = ⚠️ Approved proposal { $code } (“{ $title }”) did not reach the councils' headquarters group: the bot could not post there (it may have been removed from the group). Please add the bot back or send the proposal to headquarters yourselves.
proposal-event-hq_failed = ⚠️ Proposal { $code } (“{ $title }”) has not reached the councils' headquarters yet: the bot could not post in its group. The liaison and the presidium have been told and will follow it up.
proposal-stale = This button is no longer valid: proposal { $code } is now “{ $state }”.{ $action ->
        [none] {""}
       *[other] {" "}Last action: { $action }{ $by ->
            [none] {""}
           *[other] {" "}by { $by }
        }{ $at ->
            [none] {""}
           *[other] {" "}on { $at }
        }.
    }
proposal-stale-typed = { $what ->
        [reason] The reason you wrote was not recorded
        [paper] The paper decision was not recorded
       *[comment] The comment you wrote was not recorded
    }: proposal { $code } is no longer waiting for it; it is now “{ $state }”.{ $action ->
        [none] {""}
       *[other] {" "}Last action: { $action }{ $by ->
            [none] {""}
           *[other] {" "}by { $by }
        }{ $at ->
            [none] {""}
           *[other] {" "}on { $at }
        }.
    } If the proposal comes back to this step, you will be asked again.
proposal-not-found = No such proposal was found.
proposal-forbidden = You are not the signer of this step of the proposal and can't do this.
proposal-role-gone = You are no longer the { $step } for proposal { $code } and can't sign, return or reject it; the step is with whoever holds that role now.
proposal-not-proposer = Only councillors propose small projects; nothing was done.
proposal-invalid = A comment is required for this.
proposal-incomplete = The proposal form isn't complete yet.
proposal-state-draft = draft
proposal-state-submitted = submitted
proposal-state-in_signature = collecting signatures
proposal-state-returned = returned for revision
proposal-state-rejected = rejected
proposal-state-approved = approved
proposal-state-sent_to_hq = sent to headquarters
proposal-status-state = Status: { $state }
proposal-history-submitted = sent for signatures
proposal-history-resubmitted = sent again after revision
proposal-history-signed = signed in the bot
proposal-history-signed_on_paper = signed on paper (recorded by the liaison)
proposal-history-returned = returned for revision
proposal-history-rejected = rejected
proposal-history-returned_on_paper = returned for revision on paper (recorded by the liaison)
proposal-history-rejected_on_paper = rejected on paper (recorded by the liaison)
proposal-history-approved = approved
proposal-history-sent_to_hq = sent to the councils' headquarters
proposal-history-hq_delivered = received by the councils' headquarters
proposal-history-hq_failed = did not reach the councils' headquarters (its group could not be reached)
proposal-history-reminded = signer reminded
proposal-history-alerted = presidium alerted
proposal-history-alert_deferred = presidium alert put off (the signer was reminded late)
proposal-history-reassigned = Step handed to the role's current holder (roster change)
proposal-mine-title = 🗂 Your proposals:
proposal-mine-empty = You have no proposals yet. Start with “🏗 New proposal”.
proposal-mine-item = { $title } · { $state }
proposal-waiting-title = ✍️ Proposals waiting for your signature:
proposal-waiting-empty = No proposal is waiting for your signature.
proposal-waiting-item = { $code } · { $title } · { $days ->
        [0] today
        [one] { $days } day
       *[other] { $days } days
    }
proposal-doc-title = Small-scale project proposal form
proposal-doc-code = Proposal no. { $code }
proposal-doc-submitted = Submitted: { $date }
proposal-doc-fields = The proposal
proposal-doc-proposer = Proposed by
proposal-doc-attachment-photo = Photo { $n }
proposal-doc-attachment-file = File { $n }: { $name }
proposal-doc-no-attachments = No attachments
proposal-doc-signatures = Signature table
proposal-doc-col-role = Role
proposal-doc-col-who = Signed by
proposal-doc-col-when = Date and time
proposal-doc-col-how = How
proposal-doc-via-bot = in the bot
proposal-doc-via-paper = on the paper form (recorded by { $liaison })
proposal-doc-not-signed = not signed
proposal-doc-footer = Generated from the record kept by the councils' bot (submission round { $revision }).

## stats — the presidium's statistics, exports and weekly digest
stats-menu = 📊 Statistics
stats-choose-period = Statistics for which period?
stats-period-this_month = This month
stats-period-last_month = Last month
stats-period-this_year = This year
stats-period-custom = Custom period
stats-forbidden = Statistics and exports are available to the presidium, the district liaison and admins only.
stats-ask-from = Type the first day of the period in the Jalali calendar, e.g. 1405/07/01
stats-ask-to = Type the last day of the period in the Jalali calendar, e.g. 1405/09/30
stats-bad-date = That is not a valid date. Please type year/month/day, e.g. 1405/07/01
stats-bad-order = The last day must be the same as or after the first day. Please type the last day again.
stats-bad-long = That period is too long (at most five years). Please type the last day again.
stats-done = Your statistics are ready. Use the buttons under the statistics message for CSV exports.
stats-period-range = { $from } to { $to }
stats-title = 📊 Report statistics, { $district }
    { $period }
stats-total = Reports filed: { $count }
stats-by-state = By state:
stats-by-hood = By neighbourhood:
stats-by-subject = By subject:
stats-line = • { $label }: { $count }
stats-none = • none
stats-no-data = no data
stats-duration = { $days } d { $hours } h
stats-median-ack = ⏱ Median time to first response: { $duration } (over { $count ->
        [one] 1 report
       *[other] { $count } reports
    })
stats-median-resolve = ⏱ Median time to resolution: { $duration } (over { $count ->
        [one] 1 report
       *[other] { $count } reports
    })
stats-ontime-wg = ✅ On-time rate of working groups:
stats-ontime-deputy = 🏛 On-time rate of municipal deputies:
stats-rate-line = • { $label }: { $percent } ({ $onTime } of { $total })
stats-wg-label = { $subject } working group ({ $level })
stats-level-neighborhood = neighbourhood
stats-level-district = district
stats-rungs-title = 🐢 Slowest rungs:
stats-rung-line = • { $step }: { $breaches } late of { $visits }, median wait { $wait }
stats-ontime-note = On time means acted on before the deadline (working days); a deadline that runs out after a working group referred the report counts for the deputy, resolved by the deadline after referral or late. Items whose deadline is still running are not counted.
stats-chart-hoods = Reports by neighbourhood — { $period }
stats-chart-timeline = Reports filed over time — { $period }
stats-export-reports = 📥 Export reports (CSV)
stats-export-proposals = 📥 Export proposals (CSV)
stats-export-meetings = 📥 Export meetings (CSV)
stats-export-caption = Your export is ready: { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    }. It opens in Excel with Persian text intact.
stats-csv-reports = Tracking code|Filed|Neighbourhood|Subject|State|Urgency|Current rung|Missed deadlines|Supporters|Description|Address or location
stats-csv-proposals = Code|Title|Neighbourhood|Subject|State|Signature pending|Estimated cost (rials)|Duration (months)|Submitted|Pending since
stats-csv-meetings = Time|Meeting|State|Invited|Attended|Minutes recorded|Agenda items
stats-urgency-normal = normal
stats-urgency-urgent = urgent
stats-proposal-state-draft = Draft
stats-proposal-state-submitted = Submitted
stats-proposal-state-in_signature = In signature
stats-proposal-state-returned = Returned for revision
stats-proposal-state-rejected = Rejected
stats-proposal-state-approved = Approved
stats-proposal-state-sent_to_hq = Sent to headquarters
stats-meeting-wg = { $subject } working group ({ $level })
stats-meeting-council = { $hood } neighbourhood council
stats-meeting-presidium = Presidium with the district mayor
stats-meeting-state-scheduled = Scheduled
stats-meeting-state-held = Held
stats-meeting-state-cancelled = Cancelled
stats-meeting-state-postponed = Postponed
stats-yes = yes
stats-no = no
stats-digest-title = 🗞 Weekly digest, { $district }
    { $from } to { $to }
stats-digest-new = 🆕 New reports: { $count }
stats-digest-resolved = ✅ Resolved reports: { $count }
stats-digest-overdue = ⏰ Open and overdue reports: { $count }
stats-digest-by-hood = {"    "}Neighbourhoods: { $list }
stats-digest-by-subject = {"    "}Subjects: { $list }
stats-digest-proposals = 📝 Proposals by stage:
stats-digest-at-step = • Awaiting the signature of { $step }: { $count }
stats-digest-longest = ⌛ Longest-held signature: proposal { $code } “{ $title }” with { $step } for { $days ->
        [one] 1 day
       *[other] { $days } days
    }
stats-digest-no-longest = ⌛ No signature is pending.
stats-digest-meetings = 📅 Meetings held this week: { $held } — without minutes: { $missing } — overdue action items: { $actions }
stats-digest-rungs = 🐢 Slowest rungs over the last 30 days:

## Help (features)
help-role-proposals = • “🏗 New proposal” fills in the small-scale project form; the draft is saved after every step. “🗂 My proposals” shows whose signature each one is waiting for.
help-role-signer = • “✍️ Signatures waiting” lists the proposals waiting for your signature.
help-role-stats = • “📊 Statistics” (or /stats) gives figures, charts, the responsiveness table and CSV exports; a weekly digest arrives every Saturday morning.
meeting-btn-open = 🗂 Meeting details
meeting-ask-reminders = Participants are reminded { $list } before the meeting (the district's default). Keep these, or set other times?
meeting-btn-reminders-default = ✅ Keep these reminders
meeting-btn-reminders-custom = ⏰ Other times
meeting-ask-reminders-custom = Type the reminder times, e.g. 7 days, 1 day, 3 hours (at most 5 reminders, each up to 30 days before).
meeting-reminders-bad = Sorry, I didn't get that. Write it like “7 days, 1 day, 3 hours”; units: days, hours, minutes.
meeting-offset-days = { $n ->
        [one] 1 day
       *[other] { $n } days
    }
meeting-offset-hours = { $n ->
        [one] 1 hour
       *[other] { $n } hours
    }
meeting-offset-minutes = { $n ->
        [one] 1 minute
       *[other] { $n } minutes
    }
meeting-list-sep = {", "}
meeting-card-reminders = ⏰ Reminders: { $list } before the meeting
