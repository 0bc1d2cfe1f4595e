# Persian (default). Numbers passed as variables are shown with Persian digits by Fluent.

language-name = فارسی
choose-language = 🌐 زبان خود را انتخاب کنید.
    Please choose your language.
language-changed = زبان ربات فارسی شد.

## Onboarding
onboarding-intro = به ربات شورایاری خوش آمدید.
    برای ورود، شماره تلفن همراه خود را با دکمهٔ «ارسال شمارهٔ من» در پایین صفحه بفرستید تا با فهرست شورایاران منطقه تطبیق داده شود.
button-share-contact = 📱 ارسال شمارهٔ من
button-cancel = ✖️ انصراف
onboarding-press-button = لطفاً فقط از دکمهٔ «ارسال شمارهٔ من» در پایین صفحه استفاده کنید. شماره را تایپ نکنید؛ این دکمه شمارهٔ تأییدشدهٔ خودتان را می‌فرستد.
refuse-not-own-contact = این شماره متعلق به خود شما نیست. لطفاً با دکمهٔ «ارسال شمارهٔ من» شمارهٔ خودتان را بفرستید.
refuse-not-on-roster = شمارهٔ شما در فهرست شورایاران منطقه ثبت نشده است.
    برای ثبت‌نام با رابط شورایاری منطقه تماس بگیرید{ $liaison ->
        [none] .
       *[other] : { $liaison }
    }
refuse-inactive = دسترسی شما به ربات غیرفعال شده است. اگر فکر می‌کنید اشتباهی رخ داده، با رابط شورایاری منطقه{ $liaison ->
        [none] {""}
       *[other] {" "}({ $liaison })
    } تماس بگیرید.
refuse-unregistered = برای استفاده از ربات ابتدا باید هویت خود را تأیید کنید. لطفاً /start را بزنید.
refuse-private-only = این فرمان فقط در گفت‌وگوی خصوصی با ربات کار می‌کند. لطفاً به خود ربات پیام دهید.
welcome = { $name } گرامی، خوش آمدید! هویت شما تأیید شد.
onboarding-cancelled = ورود لغو شد. هر وقت آماده بودید /start را بزنید.
welcome-back = { $name } گرامی، خوش برگشتید.

## Menu
menu-prompt = منوی اصلی — یکی از گزینه‌ها را انتخاب کنید.
menu-help = ❓ راهنما
menu-language = 🌐 زبان / Language
menu-profile = 👤 مشخصات من
cancelled = لغو شد. به منوی اصلی برگشتید.
nothing-to-cancel = کاری در جریان نبود که لغو شود.
unknown-input = متوجه نشدم. از دکمه‌های منو استفاده کنید یا /help را بزنید.

## Profile and roles
profile = 👤 { $name }
    📱 { $phone }
    🏘 محله: { $neighborhood }
    🏛 { $district }
    نقش‌ها:
    { $roles }
profile-no-neighborhood = —
role-councillor = شورایار
role-neighborhood_secretary = دبیر شورایاری محله
role-wg_member = عضو کارگروه { $subject }
role-wg_secretary = دبیر کارگروه { $subject } محله
role-district_wg_secretary = دبیر کارگروه { $subject } منطقه
role-presidium = عضو هیات رئیسه
role-liaison = رابط شورایاری منطقه
role-deputy = معاونت { $subject }
role-mayor = شهردار منطقه
role-area_mayor = شهردار { $area }
role-admin = مدیر سامانه

## Help
help-intro = این ربات دستیار شورایاران محلات تهران است: گزارش مشکلات محله، پیشنهاد پروژه‌های کوچک‌مقیاس و یادآوری جلسات.
help-commands = فرمان‌ها:
    /menu — منوی اصلی
    /track کد — پیگیری یک گزارش
    /cancel — لغو کار در جریان
    /language — تغییر زبان
    /help — همین راهنما
help-stranger = برای شروع /start را بزنید و شمارهٔ خود را بفرستید. فقط افرادی که در فهرست شورایاران منطقه هستند می‌توانند از ربات استفاده کنند.
help-role-councillor = • به‌عنوان شورایار می‌توانید مشخصات خود را ببینید و زبان ربات را تغییر دهید.
help-role-secretary = • به‌عنوان دبیر، کارهایی که منتظر اقدام شماست به شما اطلاع داده می‌شود.
help-role-presidium = • به‌عنوان عضو هیات رئیسه، موارد ارجاع‌شده به سطح بالاتر برای شما ارسال می‌شود.
help-role-liaison = • به‌عنوان رابط منطقه، می‌توانید امضای مسئولانی را که از ربات استفاده نمی‌کنند ثبت کنید.
help-role-official = • به‌عنوان مسئول شهرداری، درخواست‌های مربوط به حوزهٔ شما برایتان ارسال می‌شود.
help-role-admin = • به‌عنوان مدیر، فهرست افراد و تنظیمات منطقه با فرمان district:import به‌روز می‌شود.

## Errors
error-generic = متأسفیم، مشکلی پیش آمد و درخواست شما انجام نشد. لطفاً دوباره تلاش کنید.
error-store-unavailable = سامانه موقتاً در دسترس نیست. چیزی از دست نرفته است؛ لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید.
callback-stale = این دکمه دیگر معتبر نیست.

## Bot commands (shown in the messenger's command menu)
cmd-start = شروع و تأیید هویت
cmd-menu = منوی اصلی
cmd-help = راهنما
cmd-cancel = لغو کار در جریان
cmd-language = تغییر زبان

## Reports
menu-report = 📝 گزارش مشکل
menu-my-reports = 📋 گزارش‌های من
menu-waiting = 📥 منتظر اقدام من
report-ask-subject = موضوع مشکل چیست؟ یکی از موضوع‌ها را انتخاب کنید.
report-ask-hood = مشکل در کدام محله است؟ محلهٔ شما: { $hood }
report-btn-keep-hood = ✅ همین محله ({ $hood })
report-btn-other-hood = 🏘 محلهٔ دیگر
report-ask-other-hood = محله را انتخاب کنید:
report-ask-description = مشکل را در یک پیام متنی شرح دهید: چه چیزی، کجا دقیقاً، از کی.
report-description-too-short = شرح خیلی کوتاه است. لطفاً دست‌کم { $min } نویسه بنویسید تا مسئول بتواند مشکل را پیدا کند.
report-description-too-long = شرح خیلی طولانی است ({ $length } نویسه). لطفاً آن را در کمتر از { $max } نویسه خلاصه کنید.
report-description-not-text = لطفاً شرح مشکل را به صورت متن بنویسید. { $kind ->
        [sticker] برچسب
        [voice] پیام صوتی
        [photo] عکس
        [document] فایل
       *[other] این نوع پیام
    } را نمی‌توان به‌عنوان شرح پذیرفت؛ عکس‌ها را در مرحلهٔ بعد می‌توانید بفرستید.
report-ask-location = محل دقیق را مشخص کنید: دکمهٔ «ارسال موقعیت» را بزنید، یا نشانی را بنویسید، یا «رد شدن» را بزنید.
report-btn-send-location = 📍 ارسال موقعیت
report-btn-skip = ⏭ رد شدن
report-location-not-understood = موقعیت یا نشانی را متوجه نشدم. دکمهٔ «ارسال موقعیت» را بزنید، نشانی را بنویسید (دست‌کم ۵ نویسه)، یا «رد شدن» را بزنید.
report-ask-photos = اگر عکسی از مشکل دارید، حداکثر { $max } عکس بفرستید و سپس «تمام» را بزنید. اگر عکسی ندارید «رد شدن» را بزنید.
report-btn-photos-done = ✅ تمام
report-photo-received = عکس { $count } از { $max } دریافت شد.
report-photos-not-photo = لطفاً فقط عکس بفرستید، یا «تمام» / «رد شدن» را بزنید.
report-step-saved = ✅ ثبت شد.{ $photos ->
        [0] {""}
       *[other] {" "}{ $photos } عکس پیوست شد.
    }
report-ask-urgency = فوریت مشکل؟
report-btn-normal = عادی
report-btn-urgent = 🚨 فوری
report-summary = لطفاً گزارش را بررسی کنید:
report-btn-confirm = ✅ ثبت گزارش
report-btn-edit = ✏️ ویرایش
report-ask-edit = کدام بخش را ویرایش می‌کنید؟
report-field-subject = موضوع
report-field-hood = محله
report-field-description = شرح
report-field-location = محل
report-field-photos = عکس‌ها
report-field-urgency = فوریت
report-duplicates = گزارش‌های بازِ مشابهی در همین محله و موضوع هست. اگر همان مشکل است، به جای ثبت گزارش تازه از آن حمایت کنید:
report-btn-support = 👍 حمایت از { $code }
report-supported = حمایت شما روی گزارش { $code } ثبت شد. از پیگیری‌اش باخبر می‌شوید.
report-already-supported = شما قبلاً از گزارش { $code } حمایت کرده‌اید.
report-support-closed = گزارش { $code } دیگر باز نیست؛ می‌توانید گزارش خودتان را ثبت کنید.
report-filed = ✅ گزارش شما ثبت شد.
    کد پیگیری: { $code }
    به { $step } ارجاع شد. از هر تغییری باخبر می‌شوید. برای پیگیری: /track { $code }
report-cancelled = ثبت گزارش لغو شد.
report-press-a-button = لطفاً یکی از دکمه‌ها را بزنید یا /cancel را بفرستید.
report-location-pin = 📍 موقعیت ارسال‌شده
report-none = —
report-card-title = 📝 گزارش { $code }
report-card-subject = موضوع: { $subject }
report-card-hood = محله: { $hood }
report-card-state = وضعیت: { $state }
report-card-urgent = 🚨 فوری
report-card-reporter = گزارش‌دهنده: { $name }
report-card-date = تاریخ: { $date }
report-card-location = محل: { $location }
report-card-photos = عکس: { $count }
report-card-supporters = حامیان: { $count }
report-state-submitted = ثبت‌شده
report-state-acknowledged = دریافت‌شده
report-state-referred = ارجاع به شهرداری
report-state-resolved = رفع‌شده (در انتظار تأیید شما)
report-state-closed = بسته‌شده
report-state-rejected = ردشده
report-state-reopened = بازگشایی‌شده
report-step-neighborhood_wg_secretary = دبیر کارگروه محله
report-step-neighborhood_secretary = دبیر شورایاری محله
report-step-district_wg_secretary = دبیر کارگروه منطقه
report-step-presidium = هیات رئیسه
report-step-liaison = رابط منطقه
report-step-mayor = شهردار منطقه
report-step-deputy = معاونت شهرداری
report-step-deputy_of_subject = معاونت مربوط
report-btn-ack = ✅ دریافت شد
report-btn-refer = ↪️ ارجاع به شهرداری
report-btn-resolve = ✔️ رفع شد
report-btn-reject = ⛔ رد
report-btn-noagree = ⚠️ عدم توافق ← هیات رئیسه
report-btn-ask = ❓ پرسش از گزارش‌دهنده
report-btn-history = 📜 سابقه
report-btn-fixed = ✅ بله، رفع شد
report-btn-notfixed = ❌ نه، رفع نشده
report-btn-answer = ✍️ پاسخ
report-assigned-new = 📥 گزارش تازه برای اقدام شما ({ $step }):
report-assigned-escalated = ⏰ مهلت رسیدگی در سطح «{ $from }» گذشت و این گزارش به شما ({ $step }) ارجاع شد:
report-assigned-noagree = ⚠️ دبیر کارگروه با شهرداری به توافق نرسید و گزارش به هیات رئیسه ارجاع شد.
    یادداشت: { $note }
report-assigned-reopened = 🔁 گزارش‌دهنده اعلام کرد مشکل رفع نشده؛ گزارش دوباره باز شد:
report-moved = ⏰ مهلت گزارش { $code } گذشت و به { $step } ارجاع شد. همچنان می‌توانید روی آن اقدام کنید.
report-event-ack = گزارش { $code } توسط مسئول دریافت شد.
report-event-refer = گزارش { $code } به شهرداری ارجاع شد: { $deputy }
report-event-resolve = مسئول اعلام کرد مشکل گزارش { $code } رفع شده است.
    { $note }
    آیا مشکل واقعاً رفع شده؟
report-event-reject = گزارش { $code } رد شد: { $reason } { $duplicate }
report-event-noagree = دبیر کارگروه با شهرداری به توافق نرسید؛ گزارش { $code } به هیات رئیسه ارجاع شد تا با شهردار پیگیری شود.
report-event-escalated = مهلت رسیدگی به گزارش { $code } گذشت و به { $step } ارجاع شد.
report-event-closed = گزارش { $code } بسته شد. از همراهی شما سپاسگزاریم.
report-event-reopened = گزارش { $code } دوباره باز شد و به مسئول برگشت.
report-event-ask = مسئول دربارهٔ گزارش { $code } پرسشی دارد.
report-event-note = یادداشت: { $note }
report-reason-duplicate = تکراری
report-reason-out_of_scope = خارج از حوزهٔ شورایاری
report-reason-not_fixed = رفع نشده
report-question = ❓ پرسش مسئول دربارهٔ گزارش { $code }:
    { $question }
    برای پاسخ، دکمهٔ زیر را بزنید.
report-answer = ✍️ پاسخ گزارش‌دهندهٔ { $code }:
    پرسش: { $question }
    پاسخ: { $answer }
report-ask-deputy = به کدام معاونت یا واحد شهرداری ارجاع می‌دهید؟
report-btn-other-unit = واحد دیگر (نوشتن نام)
report-ask-unit = نام واحد شهرداری را بنویسید:
report-ask-note = یادداشت کوتاهی بنویسید (یا «رد شدن» را بزنید):
report-ask-note-required = لطفاً توضیح بنویسید (الزامی است):
report-ask-reject-reason = دلیل رد چیست؟
report-btn-reason-duplicate = تکراری است
report-btn-reason-out_of_scope = خارج از حوزه است
report-ask-duplicate-code = کد پیگیری گزارش اصلی را بنویسید (مثلاً ۸-۱۴۰۵-۰۰۰۱۲):
report-duplicate-code-bad = این کد معتبر نیست یا گزارشی با این کد در منطقه نیست. دوباره بنویسید:
report-ask-question = پرسش خود از گزارش‌دهنده را بنویسید:
report-ask-answer = پاسخ خود را بنویسید:
report-text-only = لطفاً متن بنویسید.
report-done-ack = ✅ انجام شد: { $code } — { $state }
report-stale = این گزارش پیش‌تر رسیدگی شده است{ $by ->
        [none] {""}
       *[other] {" "}توسط { $by }
    }{ $at ->
        [none] {""}
       *[other] {" "}در { $at }
    }. وضعیت کنونی: { $state }
report-forbidden = شما اجازهٔ این کار را روی این گزارش ندارید.
report-not-found = گزارشی با این مشخصات پیدا نشد.
report-invalid = اطلاعات کافی نبود؛ دوباره تلاش کنید.
report-thanks-answer = پاسخ شما برای مسئول ارسال شد.
report-thanks-confirm-fixed = سپاس! گزارش بسته شد.
report-thanks-confirm-notfixed = گزارش دوباره باز شد و به مسئول برگشت.
my-reports-title = 📋 گزارش‌های شما (جدیدترین اول):
my-reports-empty = شما هنوز گزارشی ثبت نکرده‌اید.
my-reports-item = { $code } · { $state }
btn-prev = ◀️ قبلی
btn-next = بعدی ▶️
waiting-title = 📥 منتظر اقدام شما (قدیمی‌ترین اول):
waiting-empty = چیزی منتظر اقدام شما نیست. 👌
waiting-item = { $code } · { $state } · { $days ->
        [0] امروز
       *[other] { $days } روز
    }
track-usage = کد پیگیری را بعد از فرمان بنویسید، مثلاً: /track ۸-۱۴۰۵-۰۰۱۲۳
history-title = 📜 سابقه:
history-line = { $when } — { $action }{ $by ->
        [none] {""}
       *[other] {" "}({ $by })
    }{ $note ->
        [none] {""}
       *[other] : { $note }
    }
history-action-report-submitted = ثبت گزارش
history-action-report-ack = دریافت
history-action-report-refer = ارجاع به شهرداری
history-action-report-resolve = اعلام رفع
history-action-report-reject = رد
history-action-report-noagree = عدم توافق، ارجاع به هیات رئیسه
history-action-report-ask = پرسش از گزارش‌دهنده
history-action-report-answered = پاسخ گزارش‌دهنده
history-action-report-closed = تأیید رفع و بستن
history-action-report-reopened = بازگشایی (رفع نشده)
history-action-report-escalated = ارجاع به سطح بالاتر (گذشت مهلت)
history-action-report-breach = گذشت مهلت در بالاترین سطح
history-action-report-supported = حمایت یک شورایار
history-by-system = سامانه
help-role-reports = • «📝 گزارش مشکل» برای ثبت مشکل محله، «📋 گزارش‌های من» برای پیگیری، و /track کد برای دیدن سابقهٔ هر گزارش.
cmd-track = پیگیری گزارش با کد
