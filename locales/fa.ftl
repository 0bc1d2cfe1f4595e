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
liaison-of-district = { $name } ({ $district })
refuse-inactive = دسترسی شما به ربات غیرفعال شده است. اگر فکر می‌کنید اشتباهی رخ داده، با رابط شورایاری منطقه{ $liaison ->
        [none] {""}
       *[other] {" "}({ $liaison })
    } تماس بگیرید.
refuse-unregistered = برای استفاده از ربات ابتدا باید هویت خود را تأیید کنید. لطفاً ‎/start را بزنید.
refuse-private-only = این فرمان فقط در گفت‌وگوی خصوصی با ربات کار می‌کند. لطفاً به خود ربات پیام دهید.
welcome = { $name } گرامی، خوش آمدید! هویت شما تأیید شد.
onboarding-cancelled = ورود لغو شد. هر وقت آماده بودید ‎/start را بزنید.
welcome-back = { $name } گرامی، خوش برگشتید.
held-intro = 📬 در مدتی که ربات نمی‌توانست به شما پیام بدهد، { $count } پیام برایتان رسید. به ترتیب در ادامه می‌آیند:
owner-unreachable = 📵 { $name } ({ $phone }) از طریق ربات در دسترس نیست: { $blocked ->
        [yes] ربات را مسدود کرده است.
       *[no] هنوز وارد ربات نشده است.
    }
    { $item ->
        [proposal] امضای طرح { $label } از او خواسته شده است.
        [action] اقدام «{ $label }» به او سپرده شده است.
       *[report] گزارش { $label } به او سپرده شده است.
    }
    لطفاً با او تماس بگیرید. پیام‌های این مدت، هر وقت در دسترس شود به او می‌رسد.

## Menu
menu-prompt = منوی اصلی — یکی از گزینه‌ها را انتخاب کنید.
menu-help = ❓ راهنما
menu-language = 🌐 زبان / Language
menu-profile = 👤 مشخصات من
cancelled = لغو شد. به منوی اصلی برگشتید.
nothing-to-cancel = کاری در جریان نبود که لغو شود.
unknown-input = متوجه نشدم. از دکمه‌های منو استفاده کنید یا ‎/help را بزنید.
menu-entry-gone = این دکمه دیگر در منوی شما نیست: نقش‌های شما با آخرین فهرست شورایاران منطقه تغییر کرده است. منوی کنونی‌تان این است؛ رابط منطقه می‌تواند توضیح بیشتری بدهد.

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
    ‎/menu — منوی اصلی
    ‎/track کد — پیگیری یک گزارش
    ‎/cancel — لغو کار در جریان
    ‎/language — تغییر زبان
    ‎/help — همین راهنما
help-stranger = برای شروع ‎/start را بزنید و شمارهٔ خود را بفرستید. فقط افرادی که در فهرست شورایاران منطقه هستند می‌توانند از ربات استفاده کنند.
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
answer-type-text = لطفاً پاسخ را به صورت متن بنویسید.
answer-required = این پرسش پاسخ لازم دارد و نمی‌توان از آن گذشت.
answer-too-long = خیلی طولانی است ({ $length } نویسه). لطفاً آن را در { $max } نویسه یا کمتر خلاصه کنید و دوباره بفرستید.
form-left-for-menu = فرم نیمه‌کاره بسته شد.
text-no-words = لطفاً با کلمه بنویسید؛ نشانه و شکلک یا عدد به‌تنهایی چیزی نمی‌گوید.
help-form-open = فرمی که شروع کرده‌اید هنوز باز است: برای ادامه به آخرین پرسش آن پاسخ دهید، یا برای بستنش /cancel را بفرستید.

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
report-ask-hood-draft = مشکل در کدام محله است؟ محلهٔ این گزارش: { $hood }
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
report-location-outside = این موقعیت بیرون از استان تهران است. لطفاً موقعیت محل مشکل را دوباره بفرستید، نشانی را بنویسید، یا «رد شدن» را بزنید.
report-address-too-long = نشانی خیلی طولانی است ({ $length } نویسه). لطفاً آن را در حداکثر { $max } نویسه بنویسید، یا دکمهٔ «ارسال موقعیت» را بزنید.
report-ask-photos = اگر عکسی از مشکل دارید، حداکثر { $max } عکس بفرستید و سپس «تمام» را بزنید. اگر عکسی ندارید «رد شدن» را بزنید.
report-ask-photos-more = اکنون { $count } عکس دارد. عکس تازه بفرستید تا افزوده شود (روی هم حداکثر { $max } عکس)، «رد شدن» را بزنید تا همهٔ عکس‌ها برداشته شود، یا «تمام» را بزنید تا همین‌ها بمانند.
report-btn-photos-done = ✅ تمام
report-photo-received = عکس { $count } از { $max } دریافت شد.
report-photos-not-photo = لطفاً فقط عکس بفرستید، یا «تمام» / «رد شدن» را بزنید.
report-photos-as-file = این عکس به شکل فایل رسید. لطفاً آن را به شکل عکس بفرستید (نه «به‌صورت فایل»)، یا «تمام» / «رد شدن» را بزنید.
report-photos-extra = فقط { $max } عکس نخست نگه داشته شد و عکس‌های بیشتر ذخیره نشدند. برای ادامه از دکمه‌های پیام بالا استفاده کنید.
report-photos-full = این گزارش { $max } عکس دارد که بیشترین تعداد است و عکس تازه ذخیره نشد. «تمام» را بزنید تا همین‌ها بمانند، یا «رد شدن» تا همه برداشته شود.
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
report-btn-back-summary = ↩️ بازگشت به خلاصه
report-edit-kept = ↩️ بدون تغییر به خلاصه برگشتید.
report-duplicates = گزارش‌های بازِ مشابهی در همین محله و موضوع هست. اگر همان مشکل است، به جای ثبت گزارش تازه از آن حمایت کنید:
report-btn-support = 👍 حمایت از { $code }
report-supported = حمایت شما روی گزارش { $code } ثبت شد. از پیگیری‌اش باخبر می‌شوید.
report-already-supported = شما قبلاً از گزارش { $code } حمایت کرده‌اید.
report-support-closed = گزارش { $code } دیگر باز نیست؛ می‌توانید گزارش خودتان را ثبت کنید.
report-support-own = گزارش { $code } را خودتان ثبت کرده‌اید و حمایت از آن لازم نیست. گزارش تازهٔ شما هنوز اینجاست: می‌توانید آن را ثبت یا ویرایش کنید.
report-filed = ✅ گزارش شما ثبت شد.
    کد پیگیری: { $code }
    به { $step } ارجاع شد. از هر تغییری باخبر می‌شوید. برای پیگیری: ‎/track { $code }
report-filed-quiet = 🌙 اکنون ساعت آرامش است: پیام این گزارش ساعت { $at } برای مسئول فرستاده می‌شود. گزارش‌های فوری همان لحظه فرستاده می‌شوند.
report-cancelled = ثبت گزارش لغو شد.
report-press-a-button = لطفاً یکی از دکمه‌ها را بزنید یا ‎/cancel را بفرستید.
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
report-state-resolved = رفع‌شده (در انتظار تأیید گزارش‌دهنده)
report-state-resolved-mine = رفع‌شده (در انتظار تأیید شما)
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
report-assigned-overdue = ⏰ مهلت رسیدگی در سطح شما ({ $step }) گذشت و سطح بالاتری نیست؛ این گزارش همچنان نزد شماست:
report-assigned-noagree = ⚠️ { $from } با شهرداری به توافق نرسید و گزارش به هیات رئیسه ارجاع شد.
    یادداشت: { $note }
report-assigned-reopened = 🔁 گزارش‌دهنده اعلام کرد مشکل رفع نشده؛ گزارش دوباره باز شد:
report-assigned-roster = 👤 با به‌روزشدن فهرست اعضا، این گزارش اکنون با شماست ({ $step }):
report-moved = ⏰ مهلت گزارش { $code } گذشت و به { $step } ارجاع شد. همچنان می‌توانید روی آن اقدام کنید.
report-event-ack = گزارش { $code } توسط مسئول دریافت شد.
report-event-refer = گزارش { $code } به شهرداری ارجاع شد: { $deputy }
report-event-resolve = مسئول اعلام کرد مشکل گزارش { $code } رفع شده است.
    { $note }
    آیا مشکل واقعاً رفع شده؟
report-event-reject = گزارش { $code } رد شد: { $reason } { $duplicate }
report-event-noagree = { $from } با شهرداری به توافق نرسید؛ گزارش { $code } به هیات رئیسه ارجاع شد تا با شهردار پیگیری شود.
report-event-escalated = مهلت رسیدگی به گزارش { $code } گذشت و به { $step } ارجاع شد.
report-event-closed = گزارش { $code } بسته شد. از همراهی شما سپاسگزاریم.
report-event-reopened = گزارش { $code } دوباره باز شد و به مسئول برگشت.
report-event-ask = مسئول دربارهٔ گزارش { $code } پرسشی دارد.
report-event-note = یادداشت: { $note }
report-supporter-update = 👍 خبری از گزارشی که از آن حمایت کرده‌اید:
report-supporter-resolve = مسئول اعلام کرد مشکل گزارش { $code } رفع شده است. اگر گزارش‌دهنده رفع آن را تأیید کند، گزارش بسته می‌شود.
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
report-duplicate-code-rejected = آن گزارش خودش رد شده است و نمی‌تواند گزارش اصلی باشد. کد گزارشی را بنویسید که هنوز رد نشده است.
report-duplicate-original-missing = گزارش { $code } رد نشد: گزارش اصلی { $original } در منطقه پیدا نشد یا همین گزارش است. چیزی تغییر نکرد.
report-duplicate-original-rejected = گزارش { $code } رد نشد: گزارش اصلی { $original } خودش رد شده است (یا همین حالا به عنوان تکراریِ گزارش { $code } رد می‌شود) و نمی‌تواند گزارش اصلی باشد. چیزی تغییر نکرد.
report-ask-question = پرسش خود از گزارش‌دهنده را بنویسید:
report-ask-answer = پاسخ خود را بنویسید:
report-done-ack = ✅ انجام شد: { $code } — { $state }
report-stale = این گزارش پیش‌تر رسیدگی شده است{ $by ->
        [none] {""}
       *[other] {" "}توسط { $by }
    }{ $at ->
        [none] {""}
       *[other] {" "}در { $at }
    }. وضعیت کنونی: { $state }
report-forbidden = شما اجازهٔ این کار را روی این گزارش ندارید.
report-role-gone = شما دیگر { $step } این گزارش نیستید و نمی‌توانید روی گزارش { $code } اقدام کنید؛ گزارش به کسی که اکنون این نقش را دارد سپرده می‌شود.
report-not-found = گزارشی با این مشخصات پیدا نشد.
report-invalid = اطلاعات کافی نبود؛ دوباره تلاش کنید.
report-noagree-unavailable = «عدم توافق» گزارش را از سطح‌های پایین‌تر به هیات رئیسه می‌فرستد؛ گزارش { $code } اکنون نزد { $step } است، پس جابه‌جا نشد و چیزی تغییر نکرد.
report-thanks-answer = پاسخ شما برای مسئول ارسال شد.
report-answer-not-open = گزارش { $code } دیگر باز نیست (وضعیت: { $state }) و پاسخ شما فرستاده نشد.
report-thanks-confirm-fixed = سپاس! گزارش بسته شد.
report-thanks-confirm-notfixed = گزارش دوباره باز شد و به مسئول برگشت.
report-confirm-superseded = این دکمه مربوط به اعلام رفعِ پیشینِ گزارش { $code } است و دیگر کاری نمی‌کند؛ اگر گزارش دوباره رفع اعلام شده، از دکمه‌های آخرین پیام استفاده کنید.
my-reports-title = 📋 گزارش‌های شما (جدیدترین اول):
my-reports-empty = شما هنوز گزارشی ثبت نکرده‌اید.
my-reports-item = { $code } · { $state }
btn-prev = ◀️ قبلی
btn-next = بعدی ▶️
waiting-title = 📥 منتظر اقدام شما (قدیمی‌ترین اول):
waiting-empty = چیزی منتظر اقدام شما نیست. 👌
waiting-more = { $total } مورد منتظر شماست؛ { $shown } مورد قدیمی‌تر اینجاست و بقیه پس از رسیدگی به این‌ها می‌آیند.
waiting-item = { $code } · { $state } · { $days ->
        [0] امروز
       *[other] { $days } روز
    }
track-usage = کد پیگیری را بعد از فرمان بنویسید، مثلاً: ‎/track ۸-۱۴۰۵-۰۰۱۲۳
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
history-action-report-reassigned = سپرده به مسئول تازه (به‌روزشدن فهرست اعضا)
history-by-system = سامانه
history-note-escalated = { $deadline ->
        [ack] مهلت دریافت؛{" "}
        [resolve] مهلت رسیدگی؛{" "}
       *[other] {""}
    }از «{ $from }» به «{ $to }»
history-note-breach = { $deadline ->
        [ack] مهلت دریافت،{" "}
        [resolve] مهلت رسیدگی،{" "}
       *[other] {""}
    }نزد { $to }
history-note-reassigned = { $same ->
        [yes] همچنان نزد { $to }، با کسی که اکنون این نقش را دارد
       *[other] از «{ $from }» به «{ $to }»
    }
history-note-reject = { $duplicate ->
        [none] { $reason }
       *[other] { $reason }، گزارش اصلی: { $duplicate }
    }
history-note-refer = به { $to }
history-note-with-note = { $what }؛ یادداشت: { $note }
history-older-hidden = … { $count } رویداد قدیمی‌تر نشان داده نشد تا کارت در یک پیام جا شود.
help-role-reports = • «📝 گزارش مشکل» برای ثبت مشکل محله، «📋 گزارش‌های من» برای پیگیری، و ‎/track کد برای دیدن سابقهٔ گزارشی که ثبت کرده‌اید، از آن حمایت کرده‌اید یا با شماست.
cmd-track = پیگیری گزارش با کد

## Proposals (small-scale projects)
menu-proposal-new = 🏗 طرح جدید
menu-proposal-mine = 🗂 طرح‌های من
menu-proposal-waiting = ✍️ امضاهای در انتظار
proposal-intro = فرم پیشنهاد طرح کوچک‌مقیاس را با هم پر می‌کنیم. پاسخ هر مرحله بلافاصله در پیش‌نویس ذخیره می‌شود؛ هر وقت خواستید با «انصراف» بیرون بروید و بعداً از «🗂 طرح‌های من» ادامه دهید.
proposal-has-drafts = پیش‌نویس ناتمام دارید. ادامه می‌دهید یا طرح تازه‌ای شروع می‌کنید؟
proposal-drafts-more = { $count } پیش‌نویس دیگر هم دارید که در «🗂 طرح‌های من» آمده است.
proposal-btn-continue-draft = ✏️ ادامهٔ «{ $title }»
proposal-btn-new-draft = ➕ طرح تازه
proposal-untitled = (بی‌عنوان)
proposal-progress = مرحلهٔ { $n } از { $total }
proposal-ask-title = عنوان طرح را بنویسید (کوتاه و گویا، مثلاً «نورپردازی کوچهٔ شهید احمدی»).
proposal-ask-neighborhood = طرح برای کدام محله است؟
proposal-ask-subject = موضوع طرح کدام است؟
proposal-ask-problem = این طرح چه مشکلی را حل می‌کند؟ در یک پیام متنی توضیح دهید.
proposal-ask-description = شرح طرح: چه کاری، با چه مشخصاتی و چگونه انجام می‌شود؟
proposal-ask-location = محل اجرای طرح: دکمهٔ «ارسال موقعیت» را بزنید یا نشانی را بنویسید.
proposal-location-not-understood = موقعیت یا نشانی را متوجه نشدم. دکمهٔ «ارسال موقعیت» را بزنید یا نشانی را بنویسید (دست‌کم ۵ نویسه).
proposal-location-outside = این موقعیت بیرون از استان تهران است. لطفاً موقعیت محل اجرای طرح را دوباره بفرستید یا نشانی را بنویسید.
proposal-ask-beneficiaries-who = چه کسانی از این طرح بهره می‌برند؟ (مثلاً «ساکنان کوچه‌های اطراف و دانش‌آموزان مدرسهٔ محله»)
proposal-ask-beneficiaries-count = تقریباً چند نفر؟ فقط عدد را بنویسید، مثلاً ۵۰۰.
proposal-beneficiaries-who-kept = بهره‌برداران (ذخیره‌شده): { $who }
proposal-count-bad = تعداد را متوجه نشدم. لطفاً یک عدد بنویسید، مثلاً ۵۰۰ یا «حدود ۲٬۰۰۰ نفر».
proposal-ask-cost = هزینهٔ تخمینی طرح به ریال چقدر است؟ مثلاً «۲۵۰ میلیون»، «۱٬۲۰۰٬۰۰۰٬۰۰۰» یا «۱٫۵ میلیارد».
proposal-cost-bad = مبلغ را متوجه نشدم. مبلغ را به ریال با رقم بنویسید؛ می‌توانید از جداکنندهٔ هزارگان و واژه‌های هزار، میلیون و میلیارد استفاده کنید، مثلاً «۲۵۰ میلیون» یا «۱٬۲۰۰٬۰۰۰٬۰۰۰».
proposal-cost-saved = ✅ هزینهٔ تخمینی ثبت شد: { $cost }
proposal-cost-value = { $rials } ریال (معادل { $tomans } تومان)
proposal-ask-duration = مدت اجرای طرح چند ماه است؟ (عددی از ۱ تا ۶۰)
proposal-duration-bad = مدت را متوجه نشدم. تعداد ماه‌ها را به صورت عدد بین ۱ و ۶۰ بنویسید، مثلاً ۶.
proposal-ask-attachments = اگر عکس یا فایلی (نقشه، برآورد، …) دارید، حداکثر { $max } مورد بفرستید و سپس «تمام» را بزنید. اگر پیوستی ندارید «رد شدن» را بزنید.
proposal-attachment-received = پیوست { $count } از { $max } دریافت شد.
proposal-ask-attachments-more = اکنون { $count } پیوست دارد. عکس یا فایل تازه بفرستید تا افزوده شود (روی هم حداکثر { $max } مورد)، «🗑 حذف پیوست‌های فعلی» را بزنید تا از نو بفرستید، یا «تمام» را بزنید تا همین‌ها بمانند.
proposal-btn-attachments-clear = 🗑 حذف پیوست‌های فعلی
proposal-attachments-cleared = پیوست‌های پیشین کنار گذاشته شد. پیوست‌های تازه را بفرستید، یا اگر پیوستی نمی‌خواهید «رد شدن» را بزنید.
proposal-attachments-full = این طرح { $max } پیوست دارد که بیشترین تعداد است. برای پیوست تازه، نخست «🗑 حذف پیوست‌های فعلی» را بزنید؛ یا «تمام» را بزنید.
proposal-attachments-full-extra = این فایل افزوده نشد: طرح { $max } پیوست دارد که بیشترین تعداد است. برای جایگزینی پیوست‌ها «✏️ ویرایش یک بخش» و سپس «پیوست‌ها» را بزنید.
proposal-attachments-not-file = لطفاً فقط عکس یا فایل بفرستید، یا «تمام» / «رد شدن» را بزنید.
proposal-text-too-short = خیلی کوتاه است. لطفاً دست‌کم { $min } نویسه بنویسید.
proposal-text-too-long = خیلی طولانی است ({ $length } نویسه). لطفاً آن را در کمتر از { $max } نویسه خلاصه کنید.
proposal-saved = ✅ ذخیره شد.
proposal-draft-kept = پیش‌نویس طرح ذخیره شد. هر وقت خواستید از «🗂 طرح‌های من» ادامه دهید.
proposal-not-editable = این طرح دیگر قابل ویرایش نیست یا متعلق به شما نیست.
proposal-summary-title = 📋 لطفاً طرح را پیش از ارسال برای امضا یک بار دیگر بررسی کنید:
proposal-summary-returned-title = 📋 طرح برای اصلاح برگشته است. پس از اصلاح، آن را دوباره ارسال کنید:
proposal-summary-return-note = ↩️ نظر { $by }: { $comment }
proposal-summary-chain = ✍️ زنجیرهٔ امضا:
proposal-chain-line = { $n }. { $step } — { $names }
proposal-chain-nobody = (کسی در فهرست نیست؛ رابط منطقه امضای کاغذی را ثبت می‌کند)
proposal-chain-signed = { $n }. ✅ { $step } — { $name }، { $when }
proposal-chain-signed-paper = { $n }. ✅ { $step } — { $name }، { $when } (امضای کاغذی، ثبت توسط { $liaison })
proposal-chain-current = { $n }. ⏳ { $step } — { $names } (از { $since })
proposal-btn-submit = ✅ ارسال برای امضا
proposal-btn-resubmit = ✅ ارسال دوباره برای امضا
proposal-btn-edit-field = ✏️ ویرایش یک بخش
proposal-btn-delete = 🗑 حذف پیش‌نویس
proposal-btn-delete-yes = بله، حذف شود
proposal-btn-delete-no = نه، بماند
proposal-btn-continue = ✏️ ادامهٔ ویرایش
proposal-ask-edit = کدام بخش را ویرایش می‌کنید؟
proposal-ask-delete = این پیش‌نویس برای همیشه حذف شود؟
proposal-draft-deleted = پیش‌نویس حذف شد.
proposal-submitted = ✅ طرح { $code } برای امضا ارسال شد. از هر امضا و هر تغییری باخبر می‌شوید.
proposal-field-title = عنوان
proposal-field-neighborhood = محله
proposal-field-subject = موضوع
proposal-field-problem = مشکلی که حل می‌کند
proposal-field-description = شرح طرح
proposal-card-shortened = ✂️ مشکل و شرح طرح برای این پیام کوتاه شده‌اند؛ متن کامل آن‌ها با دکمهٔ «📜 وضعیت و سابقه» فرستاده می‌شود.
proposal-field-location = محل اجرا
proposal-field-beneficiaries = بهره‌مندان
proposal-field-cost = هزینهٔ تخمینی
proposal-field-duration = مدت اجرا
proposal-field-attachments = پیوست‌ها
proposal-none = —
proposal-beneficiaries-value = { $who } (حدود { $count } نفر)
proposal-duration-value = { $months } ماه
proposal-attachments-value = { $count ->
        [0] بدون پیوست
       *[other] { $count } پیوست
    }
proposal-card-title = 🏗 طرح { $code }: { $title }
proposal-card-title-draft = 🏗 پیش‌نویس طرح: { $title }
proposal-card-proposer = پیشنهاددهنده: { $name }
proposal-diff-title = 🔄 تغییرات از آخرین باری که طرح را دیدید:
proposal-diff-line = • { $field }: «{ $before }» ← «{ $after }»
proposal-diff-none = 🔄 از آخرین باری که طرح را دیدید، فرم تغییری نکرده است.
proposal-step-neighborhood_wg_secretary = دبیر کارگروه محله
proposal-step-neighborhood_secretary = دبیر شورایاری محله
proposal-step-district_wg_secretary = دبیر کارگروه منطقه
proposal-step-presidium = هیات رئیسه
proposal-step-liaison = رابط منطقه
proposal-step-mayor = شهردار منطقه
proposal-step-deputy = معاونت شهرداری
proposal-step-deputy_of_subject = معاونت مربوط
proposal-sign-request = ✍️ طرح { $code } منتظر امضای شما ({ $step }) است.
proposal-sign-request-again = ✍️ طرح { $code } پس از اصلاح دوباره ارسال شده (نوبت { $revision }) و منتظر امضای شما ({ $step }) است.
proposal-sign-reminder = ⏰ یادآوری: طرح { $code } از { $since } منتظر امضای شما ({ $step }) است.
proposal-signed-so-far = امضاشده توسط: { $names }
proposal-btn-sign = ✅ امضا
proposal-btn-return = ↩️ برگشت برای اصلاح
proposal-btn-reject = ⛔ رد
proposal-btn-status = 📜 وضعیت و سابقه
proposal-btn-paper = 🖋 ثبت امضای کاغذی
proposal-btn-paper-return = ↩️ ثبت برگشت کاغذی
proposal-btn-paper-reject = ⛔ ثبت رد کاغذی
proposal-btn-edit-resubmit = ✏️ اصلاح و ارسال دوباره
proposal-paper-request = 🖋 طرح { $code } در مرحلهٔ { $step } است ({ $holders }). اگر امضا روی فرم کاغذی انجام می‌شود، پس از امضا، عکس یا اسکن فرم امضاشده را با دکمهٔ زیر ثبت کنید.
proposal-paper-reminder = ⏰ یادآوری: طرح { $code } از { $since } در مرحلهٔ { $step } ({ $holders }) مانده است. اگر امضای کاغذی گرفته‌اید، آن را ثبت کنید.
proposal-ask-paper = عکس یا اسکن (PDF) فرم کاغذیِ امضاشده را بفرستید.
proposal-paper-not-file = لطفاً عکس یا فایل فرم امضاشده را بفرستید، یا «انصراف» را بزنید.
proposal-ask-paper-return-comment = مسئول این مرحله طرح را روی کاغذ برای اصلاح برگردانده است. نظر او را همان‌طور که نوشته بنویسید؛ برای پیشنهاددهنده فرستاده می‌شود (الزامی).
proposal-ask-paper-reject-reason = مسئول این مرحله طرح را روی کاغذ رد کرده است. دلیل او را همان‌طور که نوشته بنویسید (الزامی).
proposal-ask-paper-decision = عکس یا اسکن (PDF) کاغذی را که این تصمیم روی آن آمده بفرستید.
proposal-paper-decision-not-file = لطفاً عکس یا فایل کاغذی را که تصمیم روی آن آمده بفرستید، یا «انصراف» را بزنید.
proposal-ask-return-comment = چه چیزی باید اصلاح شود؟ نظر شما برای پیشنهاددهنده فرستاده می‌شود (الزامی).
proposal-ask-reject-reason = دلیل رد طرح را بنویسید (الزامی).
proposal-done-sign = ✅ امضای شما روی طرح { $code } ثبت شد.
proposal-done-paper = ✅ امضای کاغذی روی طرح { $code } ثبت شد؛ در سابقه آمده که به صورت کاغذی و توسط شما ثبت شده است.
proposal-done-return = ↩️ طرح { $code } برای اصلاح به پیشنهاددهنده برگشت.
proposal-done-reject = ⛔ طرح { $code } رد شد و به پیشنهاددهنده اطلاع داده شد.
proposal-done-paper-return = ↩️ برگشت کاغذی طرح { $code } ثبت شد و طرح برای اصلاح به پیشنهاددهنده برگشت؛ در سابقه آمده که روی کاغذ و توسط شما ثبت شده است.
proposal-done-paper-reject = ⛔ رد کاغذی طرح { $code } ثبت شد و به پیشنهاددهنده اطلاع داده شد؛ در سابقه آمده که روی کاغذ و توسط شما ثبت شده است.
proposal-event-signed = ✅ طرح { $code } («{ $title }») را { $signer } ({ $step }) امضا کرد{ $recordedBy ->
        [none] {""}
       *[other] {" "}(امضای کاغذی، ثبت توسط { $recordedBy })
    }. اکنون منتظر امضای { $next } است.
proposal-event-approved = 🎉 همهٔ امضاهای طرح { $code } («{ $title }») گرفته شد و طرح تصویب شد. به‌زودی برای ستاد شورایاری‌ها فرستاده می‌شود.
proposal-event-sent_to_hq = 📨 طرح { $code } («{ $title }») برای ستاد شورایاری‌ها فرستاده شد.
proposal-event-returned = ↩️ طرح { $code } («{ $title }») را { $signer } ({ $step }) برای اصلاح برگرداند{ $recordedBy ->
        [none] {""}
       *[other] {" "}(روی کاغذ، ثبت توسط { $recordedBy })
    }:
    { $note }
    پس از اصلاح، دوباره ارسالش کنید.
proposal-event-rejected = ⛔ طرح { $code } («{ $title }») را { $signer } ({ $step }) رد کرد{ $recordedBy ->
        [none] {""}
       *[other] {" "}(روی کاغذ، ثبت توسط { $recordedBy })
    }. دلیل: { $note }
proposal-alert = 🚨 طرح { $code } («{ $title }») از { $since } در مرحلهٔ { $step } مانده است. در دست: { $holders }
proposal-hq-summary = 📨 طرح کوچک‌مقیاس تصویب‌شده { $code } برای ستاد شورایاری‌ها:
proposal-hq-form-caption = فرم کامل طرح { $code } با جدول امضاها (برای چاپ در مرورگر باز کنید).
proposal-hq-failed = ⚠️ طرح تصویب‌شدهٔ { $code } («{ $title }») به گروه ستاد شورایاری‌ها نرسید: ربات نتوانست در آن گروه پیام بگذارد (شاید از گروه بیرون شده است). لطفاً ربات را به گروه برگردانید یا طرح را خودتان برای ستاد بفرستید.
proposal-event-hq_failed = ⚠️ طرح { $code } («{ $title }») هنوز به ستاد شورایاری‌ها نرسیده است: ربات نتوانست در گروه ستاد پیام بگذارد. رابط منطقه و هیات رئیسه باخبر شدند و پیگیری می‌کنند.
proposal-stale = این دکمه دیگر معتبر نیست: طرح { $code } اکنون «{ $state }» است.{ $action ->
        [none] {""}
       *[other] {" "}آخرین اقدام: { $action }{ $by ->
            [none] {""}
           *[other] {" "}توسط { $by }
        }{ $at ->
            [none] {""}
           *[other] {" "}در { $at }
        }.
    }
proposal-stale-typed = { $what ->
        [reason] دلیلی که نوشتید ثبت نشد
        [paper] تصمیم کاغذی ثبت نشد
       *[comment] نظری که نوشتید ثبت نشد
    }: طرح { $code } دیگر منتظر آن نیست و اکنون «{ $state }» است.{ $action ->
        [none] {""}
       *[other] {" "}آخرین اقدام: { $action }{ $by ->
            [none] {""}
           *[other] {" "}توسط { $by }
        }{ $at ->
            [none] {""}
           *[other] {" "}در { $at }
        }.
    } اگر طرح دوباره به این مرحله برسد، از نو از شما خواسته می‌شود.
proposal-not-found = طرحی با این مشخصات پیدا نشد.
proposal-forbidden = شما امضاکنندهٔ این مرحله از طرح نیستید و اجازهٔ این کار را ندارید.
proposal-role-gone = شما دیگر { $step } این طرح نیستید و نمی‌توانید طرح { $code } را امضا، برگشت یا رد کنید؛ این مرحله با کسی است که اکنون این نقش را دارد.
proposal-not-proposer = پیشنهاد طرح کوچک‌مقیاس فقط از شورایاران برمی‌آید؛ کاری انجام نشد.
proposal-invalid = برای این کار نوشتن توضیح الزامی است.
proposal-incomplete = فرم طرح هنوز کامل نیست.
proposal-state-draft = پیش‌نویس
proposal-state-submitted = ارسال‌شده
proposal-state-in_signature = در حال امضا
proposal-state-returned = برگشت برای اصلاح
proposal-state-rejected = ردشده
proposal-state-approved = تصویب‌شده
proposal-state-sent_to_hq = ارسال‌شده به ستاد
proposal-status-state = وضعیت: { $state }
proposal-history-submitted = ارسال برای امضا
proposal-history-resubmitted = ارسال دوباره پس از اصلاح
proposal-history-signed = امضا در ربات
proposal-history-signed_on_paper = امضای کاغذی (ثبت توسط رابط)
proposal-history-returned = برگشت برای اصلاح
proposal-history-rejected = رد
proposal-history-returned_on_paper = برگشت برای اصلاح روی کاغذ (ثبت توسط رابط)
proposal-history-rejected_on_paper = رد روی کاغذ (ثبت توسط رابط)
proposal-history-approved = تصویب
proposal-history-sent_to_hq = ارسال به ستاد شورایاری‌ها
proposal-history-hq_delivered = رسید به ستاد شورایاری‌ها
proposal-history-hq_failed = نرسیدن به ستاد شورایاری‌ها (گروه ستاد در دسترس نبود)
proposal-history-reminded = یادآوری به امضاکننده
proposal-history-alerted = هشدار به هیات رئیسه
proposal-history-alert_deferred = تعویق هشدار به هیات رئیسه (یادآوری به امضاکننده دیر فرستاده شد)
proposal-history-reassigned = سپرده‌شدن مرحله به دارندهٔ کنونی نقش (تغییر فهرست افراد)
proposal-mine-title = 🗂 طرح‌های شما:
proposal-mine-empty = هنوز طرحی ندارید. با «🏗 طرح جدید» شروع کنید.
proposal-mine-item = { $title } · { $state }
proposal-waiting-title = ✍️ طرح‌هایی که منتظر امضای شماست:
proposal-waiting-empty = طرحی منتظر امضای شما نیست.
proposal-waiting-item = { $code } · { $title } · { $days ->
        [0] امروز
       *[other] { $days } روز
    }
proposal-doc-title = فرم پیشنهاد طرح کوچک‌مقیاس
proposal-doc-code = شمارهٔ طرح: { $code }
proposal-doc-submitted = تاریخ ارسال: { $date }
proposal-doc-fields = مشخصات طرح
proposal-doc-proposer = پیشنهاددهنده
proposal-doc-attachment-photo = عکس { $n }
proposal-doc-attachment-file = فایل { $n }: { $name }
proposal-doc-no-attachments = بدون پیوست
proposal-doc-signatures = جدول امضاها
proposal-doc-col-role = سمت
proposal-doc-col-who = امضاکننده
proposal-doc-col-when = تاریخ و ساعت
proposal-doc-col-how = نحوهٔ امضا
proposal-doc-via-bot = در ربات
proposal-doc-via-paper = روی فرم کاغذی (ثبت توسط { $liaison })
proposal-doc-not-signed = امضا نشده
proposal-doc-footer = این فرم از روی سابقهٔ ثبت‌شده در ربات شورایاری ساخته شده است (نوبت ارسال { $revision }).

## meetings (issue 7)
menu-meetings = 📅 جلسه‌ها
meeting-title-wg-neighborhood = کارگروه { $subject } محلهٔ { $hood }
meeting-title-wg-district = کارگروه { $subject } منطقه با معاونت مربوط
meeting-title-presidium = جلسهٔ هیات رئیسه با شهردار منطقه
meeting-title-council = جلسهٔ شورایاری محلهٔ { $hood }
meeting-card-title = 📅 { $title }
meeting-card-when = 🕰 { $when } (حدود { $minutes } دقیقه)
meeting-card-place = 📍 مکان: { $place }
meeting-card-link = 🔗 پیوند جلسهٔ برخط: { $link }
meeting-card-notes = 📝 توضیحات: { $notes }
meeting-card-secretary = 👤 دبیر جلسه: { $name }
meeting-btn-yes = ✅ شرکت می‌کنم
meeting-btn-no = ❌ نمی‌توانم بیایم
meeting-btn-ics = 📆 افزودن به تقویم
meeting-btn-agenda = 📋 دستور جلسه
meeting-btn-attendance = 👥 فهرست حضور
meeting-btn-edit-agenda = ✏️ ویرایش دستور جلسه
meeting-btn-move = 🔁 تغییر زمان
meeting-btn-cancel-meeting = 🚫 لغو جلسه
meeting-btn-confirm-cancel = بله، جلسه لغو شود
meeting-btn-minutes = 📝 ثبت صورتجلسه
meeting-btn-schedule = ➕ تعیین جلسهٔ جدید
meeting-btn-my-items = 📌 کارهای من از جلسه‌ها ({ $count })
meeting-btn-once = یک‌بار
meeting-btn-monthly-nth = ماهانه: مثلاً «دومین دوشنبهٔ هر ماه»
meeting-btn-monthly-day = ماهانه: روز مشخصی از هر ماه
meeting-btn-save = ✅ ثبت
meeting-btn-next-step = ادامه ⬅️
meeting-btn-add-action = ➕ افزودن اقدام
meeting-btn-report-refer = ارجاع به معاونت
meeting-btn-report-resolve = رفع‌شده
meeting-btn-report-none = بدون تغییر
meeting-btn-agenda-add = ➕ افزودن بند
meeting-btn-agenda-sync = 🔄 افزودن موارد باز
meeting-btn-item-done = ✅ انجام شد
meeting-btn-item-date = 📆 درخواست مهلت جدید
meeting-btn-date-ok = ✅ موافقم
meeting-btn-date-no = ❌ موافق نیستم
meeting-in = { $span } دیگر
meeting-span-and = {" و "}
meeting-scheduled-head = 📣 جلسهٔ تازه‌ای تعیین شد. لطفاً حضور یا عدم حضور خود را اعلام کنید.
meeting-reminder-head = ⏰ یادآوری: جلسه { $left } برگزار می‌شود.
meeting-group-hint = برای اعلام حضور، در گفتگوی خصوصی با ربات روی دکمه‌های یادآوری بزنید.
meeting-moved-head = 🔁 زمان جلسه تغییر کرد: از { $old } به { $new }. لطفاً دوباره حضور خود را اعلام کنید.
meeting-cancelled-head = 🚫 این جلسه لغو شد.
meeting-reason = دلیل: { $reason }
meeting-low-attendance = ⚠️ جلسه { $left } برگزار می‌شود و فقط { $yes } نفر از { $total } نفر حضور خود را تأیید کرده‌اند ({ $no } نفر نمی‌توانند بیایند).
meeting-series-nag = 📅 برای «{ $title }» در { $month } هنوز جلسه‌ای تعیین نشده است. لطفاً زمان جلسهٔ این ماه را تعیین کنید.
meeting-minutes-nag-secretary = 📝 صورتجلسهٔ این جلسه هنوز ثبت نشده است. لطفاً آن را ثبت کنید.
meeting-minutes-nag-presidium = ⚠️ برای این جلسه پس از { $days } روز کاری هنوز صورتجلسه‌ای ثبت نشده است.
meeting-minutes-head = 📝 صورتجلسه
meeting-minutes-head-part = 📝 صورتجلسه (بخش { $part } از { $parts })
meeting-minutes-attended = حاضران ({ $count } نفر): { $names }
meeting-minutes-decisions = تصمیم‌ها:
meeting-minutes-actions = اقدام‌ها:
meeting-agenda-title = 📋 دستور جلسه:
meeting-agenda-more = … و { $count } بند دیگر؛ دستور کامل با دکمهٔ «📋 دستور جلسه».
meeting-agenda-empty = 📋 هنوز بندی برای دستور جلسه ثبت نشده است.
meeting-item-line = { $text } — مسئول: { $owner } — مهلت: { $due }
meeting-owner-deputy = شهرداری: { $deputy }
meeting-action-assigned = 📌 اقدامی از صورتجلسه به شما سپرده شد:
meeting-action-due = ⏰ مهلت این اقدام نزدیک است:
meeting-action-overdue-owner = ⚠️ مهلت این اقدام گذشته و موضوع به سطح بالاتر گزارش شد:
meeting-action-overdue-secretary = ⚠️ مهلت اقدامی از صورتجلسهٔ شما گذشته و انجام نشده است:
meeting-action-overdue-presidium = ⚠️ اقدامی از صورتجلسه با وجود پیگیری دبیر همچنان انجام نشده است:
meeting-action-done-note = ✅ { $by } این اقدام را انجام‌شده اعلام کرد: { $note }
meeting-date-request = 📆 { $by } برای این اقدام مهلت جدید تا { $date } خواسته است. دلیل: { $reason }
meeting-date-approved = ✅ مهلت جدید تا { $date } پذیرفته شد.
meeting-date-refused = ❌ درخواست مهلت جدید تا { $date } پذیرفته نشد؛ مهلت قبلی برقرار است.
meeting-date-approved-secretary = مهلت جدید ({ $date }) ثبت شد و به مسئول اطلاع داده شد.
meeting-date-refused-secretary = درخواست رد شد و به مسئول اطلاع داده شد.
meeting-list-title = 📅 جلسه‌های پیش رو:
meeting-list-empty = 📅 فعلاً جلسهٔ پیش رویی برای شما ثبت نشده است.
meeting-list-more = (و { $count } جلسهٔ دیگر پس از این‌ها؛ هر کدام در نوبت خود در این فهرست می‌آید.)
meeting-items-empty = هیچ اقدام بازی به شما سپرده نشده است.
meeting-items-more = و { $count } اقدام دیگر که سررسیدشان دیرتر است. پس از انجام این‌ها، دوباره «کارهای من از جلسه‌ها» را بزنید.
meeting-state-line = وضعیت: { $state }
meeting-state-scheduled = تعیین‌شده
meeting-state-held = برگزارشده
meeting-state-cancelled = لغوشده
meeting-my-answer = پاسخ شما: { $answer }
meeting-answer-yes = شرکت می‌کنم
meeting-answer-no = نمی‌توانم بیایم
meeting-answer-none = هنوز پاسخ نداده‌اید
meeting-attendance-head = ✅ { $yes } حاضر — ❌ { $no } غایب — ⏳ { $pending } بی‌پاسخ (از { $total } نفر)
meeting-rsvp-yes-saved = ✅ حضور شما ثبت شد. تا شروع جلسه می‌توانید پاسخ را تغییر دهید.
meeting-rsvp-no-saved = ثبت شد که نمی‌توانید بیایید. تا شروع جلسه می‌توانید پاسخ را تغییر دهید.
meeting-rsvp-no-saved-form-open = ثبت شد که نمی‌توانید بیایید. چون فرمی نیمه‌کاره دارید دلیلی پرسیده نمی‌شود و فرم از همان‌جا ادامه دارد.
meeting-rsvp-already-yes = حضور شما پیش‌تر ثبت شده است.
meeting-rsvp-already-no = پیش‌تر ثبت شده که نمی‌توانید بیایید.
meeting-rsvp-reason-saved = دلیل شما ثبت شد و دبیر جلسه آن را می‌بیند.
meeting-rsvp-reason-dropped = پاسخ شما در این میان «شرکت می‌کنم» شده است؛ این دلیل ثبت نشد.
meeting-ask-reason = اگر مایلید دلیلش را بنویسید (اختیاری):
meeting-not-participant = شما از شرکت‌کنندگان این جلسه نیستید.
meeting-not-secretary = تعیین جلسه فقط برای دبیران کارگروه‌ها، دبیران شورایاری محله و هیات رئیسه است.
meeting-result-not_found = این جلسه پیدا نشد.
meeting-result-forbidden = این کار فقط از دبیر همین جلسه برمی‌آید.
meeting-result-role-gone = شما دیگر دبیر این گروه نیستید؛ این جلسه را دبیر کنونی آن اداره می‌کند.
meeting-result-invalid = این زمان معتبر نیست؛ لطفاً زمانی در آینده انتخاب کنید.
meeting-result-started = جلسه شروع شده است و دیگر نمی‌توان پاسخ را تغییر داد.
meeting-result-agenda_full = دستور جلسه پر است (۴۰ بند)؛ برای افزودن بند تازه، نخست بندی را حذف کنید.
meeting-result-stale = این جلسه اکنون «{ $state }» است (آخرین تغییر: { $by }، { $at })؛ کاری انجام نشد.
meeting-result-stale-unknown = این جلسه اکنون «{ $state }» است؛ کاری انجام نشد.
meeting-ask-scope = جلسهٔ کدام گروه را تعیین می‌کنید؟
meeting-ask-repeat = «{ $title }»: جلسه یک‌بار است یا ماهانه تکرار می‌شود؟
meeting-ask-date = تاریخ جلسه را از تقویم انتخاب کنید یا بنویسید (مثلاً ۱۴۰۵/۰۹/۱۵). روزهای تعطیل با * مشخص شده‌اند.
meeting-ask-new-date = تاریخ جدید جلسه را از تقویم انتخاب کنید یا بنویسید (مثلاً ۱۴۰۵/۰۹/۱۵).
meeting-ask-nth = کدام هفتهٔ ماه؟
meeting-nth-1 = اولین
meeting-nth-2 = دومین
meeting-nth-3 = سومین
meeting-nth-4 = چهارمین
meeting-nth-last = آخرین
meeting-ask-weekday = کدام روز هفته؟
meeting-ask-day = چندمِ هر ماه؟ (عددی از ۱ تا ۳۱؛ در ماه‌های کوتاه‌تر، آخرین روز ماه)
meeting-day-invalid = لطفاً عددی از ۱ تا ۳۱ بنویسید.
meeting-ask-time = ساعت شروع جلسه را بنویسید (مثلاً ۱۰:۳۰ یا ۱۷):
meeting-time-not-understood = ساعت را متوجه نشدم؛ لطفاً به شکل ۱۰:۳۰ بنویسید.
meeting-time-past = این ساعتِ امروز گذشته است؛ لطفاً ساعت دیرتری بنویسید.
meeting-date-not-understood = تاریخ را متوجه نشدم؛ لطفاً از تقویم انتخاب کنید یا به شکل ۱۴۰۵/۰۹/۱۵ بنویسید.
date-no-such-day = { $month } سال { $year } فقط { $days } روز است؛ { $day } { $month } در این سال وجود ندارد. لطفاً تاریخ دیگری بنویسید.
date-gregorian = این تاریخ میلادی است؛ لطفاً تاریخ شمسی بنویسید، مثلاً ۱۴۰۵/۰۹/۰۸.
meeting-date-past = این تاریخ گذشته است؛ لطفاً تاریخی از امروز به بعد انتخاب کنید.
meeting-date-too-far = این تاریخ بیش از { $years } سال دیگر است؛ احتمالاً سال اشتباه نوشته شده. تاریخ را دوباره بنویسید یا از تقویم انتخاب کنید.
meeting-warn-friday = ⚠️ توجه: این روز جمعه است.
meeting-warn-holiday = ⚠️ توجه: این روز در تقویم منطقه تعطیل است.
meeting-ask-place = مکان جلسه یا پیوند جلسهٔ برخط را بنویسید:
meeting-ask-notes = توضیحی برای شرکت‌کنندگان دارید؟ (اختیاری)
meeting-series-summary = 📅 «{ $title }» هر ماه؛ نوبت‌های بعدی:
meeting-confirm = ثبت شود؟
meeting-saved = ✅ جلسه ثبت شد و به همهٔ شرکت‌کنندگان اطلاع داده شد.
meeting-series-saved = ✅ جلسهٔ ماهانه ثبت شد؛ { $count } نوبت آینده تعیین و اطلاع داده شد. هر نوبت را می‌توانید جداگانه جابه‌جا یا لغو کنید.
meeting-confirm-move = زمان جدید: { $when }. به همهٔ شرکت‌کنندگان اطلاع داده شود؟
meeting-moved-done = ✅ زمان جلسه تغییر کرد و به همه اطلاع داده شد.
meeting-ask-cancel-reason = دلیل لغو جلسه را بنویسید (اختیاری):
meeting-confirm-cancel = جلسه لغو و به همهٔ شرکت‌کنندگان اطلاع داده شود؟
meeting-cancelled-done = ✅ جلسه لغو شد و به همه اطلاع داده شد.
meeting-btn-stop-series = ⏹ پایان تکرار ماهانه
meeting-series-not-active = این جلسه‌های ماهانه پیش‌تر پایان یافته‌اند.
meeting-ask-stop-series = تکرار ماهانهٔ این جلسه پایان یابد؟ از این پس جلسهٔ تازه‌ای ساخته نمی‌شود و یادآوری «جلسهٔ این ماه را تعیین کنید» هم نمی‌آید. همین جلسه سر جایش می‌ماند.{ $count ->
        [0] {""}
       *[other] {" "}{ $count } جلسهٔ بعدیِ آن ({ $dates }) لغو می‌شود و به شرکت‌کنندگان خبر داده می‌شود.
    }
meeting-btn-stop-series-yes = ⏹ بله، پایان تکرار
meeting-btn-stop-series-no = ↩️ نه، بماند
meeting-series-kept = چیزی تغییر نکرد؛ جلسه‌های ماهانه ادامه دارند.
meeting-series-stopped = ⏹ تکرار ماهانه پایان یافت.{ $count ->
        [0] {""}
       *[other] {" "}{ $count } جلسهٔ بعدی لغو شد و به شرکت‌کنندگان خبر داده شد.
    }
meeting-ics-caption = 📆 این پرونده را باز کنید تا جلسه به تقویم گوشی شما افزوده شود.
meeting-agenda-changed = دستور جلسه در این فاصله تغییر کرده است؛ نسخهٔ تازه را ببینید.
meeting-agenda-updated = دستور جلسه به‌روز شد.
meeting-agenda-added = ✅ بند تازه به دستور جلسه افزوده شد.
meeting-ask-agenda-item = عنوان بند تازهٔ دستور جلسه را بنویسید:
meeting-minutes-too-early = صورتجلسه را پس از شروع جلسه می‌توان ثبت کرد.
meeting-ask-attendance = چه کسانی حاضر بودند؟ (بر پایهٔ پاسخ‌ها پر شده است؛ با زدن هر نام تغییرش دهید)
meeting-ask-decision = بند { $n } از { $total }: { $title }
    تصمیم جلسه دربارهٔ این بند را بنویسید:
meeting-ask-notes-rest = { $count } بند دیگر هم در دستور جلسه بود:
    { $titles }
    یک یادداشت برای همهٔ این‌ها بنویسید (یا «رد شدن» را بزنید):
meeting-ask-report-action = وضعیت این گزارش تغییر کند؟
meeting-ask-actions = اقدام‌های ثبت‌شده: { $count }. اقدام دیگری هست؟
meeting-ask-action-text = شرح اقدام را بنویسید:
meeting-ask-owner = مسئول این اقدام کیست؟
meeting-ask-due = مهلت انجام را از تقویم انتخاب کنید یا بنویسید:
meeting-due-past = مهلت ساعت ۱۴ همان روز است و این زمان گذشته است؛ لطفاً روز دیگری انتخاب کنید.
meeting-minutes-summary = 📝 خلاصهٔ صورتجلسه:
meeting-minutes-saved = ✅ صورتجلسه ثبت و برای همهٔ شرکت‌کنندگان فرستاده شد.
meeting-minutes-report-failed = ⚠️ وضعیت { $count } گزارش تغییر نکرد (دسترسی یا وضعیت آن اجازه نمی‌داد).
meeting-ask-done-note = توضیح کوتاهی دربارهٔ انجام این کار بنویسید:
meeting-item-done-saved = ✅ ثبت شد و به دبیر جلسه اطلاع داده شد.
meeting-ask-new-due = مهلت پیشنهادی تازه را انتخاب کنید:
meeting-ask-date-reason = دلیل درخواست مهلت تازه (اختیاری):
meeting-item-date-sent = ✅ درخواست شما برای دبیر جلسه فرستاده شد.
meeting-item-not_found = این اقدام پیدا نشد.
meeting-item-forbidden = این اقدام به شما سپرده نشده است.
meeting-item-date-secretary-only = فقط دبیر جلسه می‌تواند به درخواست تغییر مهلت پاسخ دهد.
meeting-item-invalid = این تاریخ معتبر نیست.
meeting-item-stale = این اقدام دیگر باز نیست یا درخواستش پیش‌تر پاسخ گرفته است.
meeting-item-changed = این درخواست عوض شده است: مالک اقدام تاریخ دیگری خواسته است. لطفاً به پیام تازه‌تر پاسخ دهید.
meeting-item-past = تاریخ درخواستی گذشته است و تأیید نشد. می‌توانید درخواست را رد کنید تا مالک اقدام تاریخ تازه‌ای بخواهد.
help-role-meetings = • «📅 جلسه‌ها» جلسه‌های شما را نشان می‌دهد: اعلام حضور، دستور جلسه و ثبت صورتجلسه.

## stats — the presidium's statistics, exports and weekly digest
stats-menu = 📊 آمار و گزارش‌گیری
stats-choose-period = آمار کدام دوره را می‌خواهید؟
stats-period-this_month = ماه جاری
stats-period-last_month = ماه گذشته
stats-period-this_year = امسال
stats-period-custom = بازهٔ دلخواه
stats-forbidden = آمار و خروجی‌ها فقط برای هیات رئیسه، رابط منطقه و مدیران در دسترس است.
stats-ask-from = تاریخ شروع بازه را به شمسی بنویسید، مثلاً ۱۴۰۵/۰۷/۰۱
stats-ask-to = تاریخ پایان بازه را به شمسی بنویسید، مثلاً ۱۴۰۵/۰۹/۳۰
stats-bad-date = این تاریخ معتبر نیست. لطفاً به شکل سال/ماه/روز بنویسید، مثلاً ۱۴۰۵/۰۷/۰۱
stats-bad-order = تاریخ پایان باید همان روز یا بعد از تاریخ شروع باشد. لطفاً تاریخ پایان را دوباره بنویسید.
stats-bad-long = این بازه بیش از حد طولانی است (حداکثر پنج سال). لطفاً تاریخ پایان را دوباره بنویسید.
stats-done = آمار آماده شد. برای خروجی اکسل از دکمه‌های زیر پیام آمار استفاده کنید.
stats-period-range = از { $from } تا { $to }
stats-title = 📊 آمار گزارش‌های { $district }
    { $period }
stats-total = تعداد گزارش‌های ثبت‌شده: { $count }
stats-by-state = بر حسب وضعیت:
stats-by-hood = بر حسب محله:
stats-by-subject = بر حسب موضوع:
stats-line = • { $label }: { $count }
stats-none = • موردی نیست
stats-no-data = داده‌ای نیست
stats-duration = { $days } روز و { $hours } ساعت
stats-median-ack = ⏱ میانهٔ زمان تا نخستین پاسخ: { $duration } (از { $count } گزارش)
stats-median-resolve = ⏱ میانهٔ زمان تا رفع مشکل: { $duration } (از { $count } گزارش)
stats-ontime-wg = ✅ پاسخ‌گویی به‌موقع کارگروه‌ها:
stats-ontime-deputy = 🏛 پاسخ‌گویی به‌موقع معاونت‌های شهرداری:
stats-rate-line = • { $label }: { $percent } ({ $onTime } از { $total })
stats-wg-label = کارگروه { $subject } ({ $level })
stats-level-neighborhood = محله
stats-level-district = منطقه
stats-rungs-title = 🐢 کندترین مراحل:
stats-rung-line = • { $step }: { $breaches } تأخیر در { $visits } مورد، میانهٔ انتظار { $wait }
stats-ontime-note = به‌موقع یعنی اقدام پیش از پایان مهلت (روزهای کاری)؛ مهلتی که پس از ارجاع کارگروه به شهرداری بگذرد به حساب معاونت است، که به‌موقع یعنی رفع مشکل تا پایان مهلت پس از ارجاع. موارد با مهلت باز در این نسبت‌ها شمرده نمی‌شوند.
stats-chart-hoods = گزارش‌ها بر حسب محله — { $period }
stats-chart-timeline = گزارش‌های ثبت‌شده در طول زمان — { $period }
stats-export-reports = 📥 خروجی گزارش‌ها (CSV)
stats-export-proposals = 📥 خروجی طرح‌ها (CSV)
stats-export-meetings = 📥 خروجی جلسه‌ها (CSV)
stats-export-caption = خروجی آماده است: { $rows } ردیف. این فایل در اکسل با حروف فارسی درست باز می‌شود.
stats-csv-reports = کد پیگیری|تاریخ ثبت|محله|موضوع|وضعیت|فوریت|مرحلهٔ فعلی|تعداد تأخیر|تعداد حامیان|شرح|نشانی یا موقعیت
stats-csv-proposals = کد|عنوان|محله|موضوع|وضعیت|امضای در انتظار|هزینهٔ برآوردی (ریال)|مدت (ماه)|تاریخ ارسال|در انتظار امضا از
stats-csv-meetings = زمان|جلسه|وضعیت|شمار دعوت‌شدگان|شمار حاضران|صورتجلسه ثبت شده|شمار بندهای دستور جلسه
stats-urgency-normal = عادی
stats-urgency-urgent = فوری
stats-proposal-state-draft = پیش‌نویس
stats-proposal-state-submitted = ارسال‌شده
stats-proposal-state-in_signature = در حال امضا
stats-proposal-state-returned = برگشت برای اصلاح
stats-proposal-state-rejected = ردشده
stats-proposal-state-approved = تصویب‌شده
stats-proposal-state-sent_to_hq = ارسال‌شده به ستاد
stats-meeting-wg = کارگروه { $subject } ({ $level })
stats-meeting-council = شورایاری محلهٔ { $hood }
stats-meeting-presidium = هیات رئیسه با شهردار منطقه
stats-meeting-state-scheduled = تعیین‌شده
stats-meeting-state-held = برگزارشده
stats-meeting-state-cancelled = لغوشده
stats-meeting-state-postponed = به تعویق افتاده
stats-yes = بله
stats-no = خیر
stats-digest-title = 🗞 گزارش هفتگی { $district }
    از { $from } تا { $to }
stats-digest-new = 🆕 گزارش‌های تازه: { $count }
stats-digest-resolved = ✅ گزارش‌های رفع‌شده: { $count }
stats-digest-overdue = ⏰ گزارش‌های باز و دیرکرده: { $count }
stats-digest-by-hood = {"    "}محله‌ها: { $list }
stats-digest-by-subject = {"    "}موضوع‌ها: { $list }
stats-digest-proposals = 📝 طرح‌ها بر حسب مرحله:
stats-digest-at-step = • در انتظار امضای { $step }: { $count }
stats-digest-longest = ⌛ طولانی‌ترین امضای معطل: طرح { $code } «{ $title }» نزد { $step } از { $days } روز پیش
stats-digest-no-longest = ⌛ امضای معطلی نیست.
stats-digest-meetings = 📅 جلسه‌های برگزارشده در این هفته: { $held } — جلسه‌های بی‌صورتجلسه: { $missing } — اقدام‌های عقب‌افتاده: { $actions }
stats-digest-rungs = 🐢 کندترین مراحل در ۳۰ روز گذشته:

## Help (features)
help-role-proposals = • «🏗 طرح جدید» برای پر کردن فرم پروژهٔ کوچک‌مقیاس؛ پیش‌نویس پس از هر مرحله ذخیره می‌شود. «🗂 طرح‌های من» نشان می‌دهد هر طرح منتظر امضای چه کسی است.
help-role-signer = • «✍️ امضاهای در انتظار» طرح‌هایی را نشان می‌دهد که منتظر امضای شماست.
help-role-stats = • «📊 آمار و گزارش‌گیری» (یا ‎/stats) برای آمار، نمودار، جدول پاسخ‌گویی و خروجی CSV؛ خلاصهٔ هفتگی هم هر شنبه صبح برایتان می‌آید.
meeting-btn-open = 🗂 جزئیات جلسه
meeting-ask-reminders = یادآوری‌ها به شرکت‌کنندگان: { $list } پیش از جلسه (پیش‌فرض منطقه). همین بماند یا زمان‌های دیگری می‌خواهید؟
meeting-btn-reminders-default = ✅ همین یادآوری‌ها
meeting-btn-reminders-custom = ⏰ زمان‌های دیگر
meeting-ask-reminders-custom = زمان یادآوری‌ها را بنویسید، مثلاً: ۷ روز، ۱ روز، ۳ ساعت (حداکثر ۵ یادآوری، هرکدام تا ۳۰ روز پیش از جلسه).
meeting-reminders-bad = متوجه نشدم. مثل «۷ روز، ۱ روز، ۳ ساعت» بنویسید؛ واحدها: روز، ساعت، دقیقه.
meeting-offset-days = { $n } روز
meeting-offset-hours = { $n } ساعت
meeting-offset-minutes = { $n } دقیقه
meeting-list-sep = {"، "}
meeting-card-reminders = ⏰ یادآوری‌ها: { $list } پیش از جلسه
