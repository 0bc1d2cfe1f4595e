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
