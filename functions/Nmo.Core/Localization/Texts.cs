using System.Globalization;

namespace Nmo.Core.Localization;

/// <summary>
/// Every user-facing text the code writes, Russian and English, in one place so a translator sees them all. Keys:
/// a problem's code for its detail and <c>code.title</c> for its title (see <see cref="Common.ProblemType"/>);
/// <c>issue.*</c> for the reasons of rejected rows and files; <c>report.*</c> for the per-row report;
/// <c>upload.failed.*</c> for stored failure reasons; <c>field.*</c> and <c>reason.*</c> for validation messages.
/// The e-mails are the exception: their wording is in template files (<c>Email/Templates/</c>) that non-programmers edit.
/// </summary>
public static class Texts
{
    private static readonly Dictionary<string, (string Ru, string En)> Catalog = new(StringComparer.Ordinal)
    {
        // Problems: the detail under the code, the short title under "code.title".
        ["auth.missing.title"] = ("Нет ключа провайдера", "Provider key missing"),
        ["auth.missing"] = ("Нужен ключ провайдера в заголовке X-Api-Key.", "A provider key is required in the X-Api-Key header."),
        ["auth.invalid.title"] = ("Ключ провайдера не подходит", "Provider key not valid"),
        ["auth.invalid"] = ("Ключ провайдера не подходит. Проверьте его или запросите новый у оператора.", "The provider key is not valid. Check it or ask the operator for a new one."),
        ["auth.forbidden.title"] = ("Мероприятие другого провайдера", "Another provider's event"),
        ["auth.forbidden"] = ("Это мероприятие принадлежит другому провайдеру.", "This event belongs to another provider."),
        ["body.missing.title"] = ("Пустой запрос", "Empty request body"),
        ["body.missing"] = ("Тело запроса пустое.", "The request body is empty."),
        ["body.invalid-json.title"] = ("Некорректный JSON", "Invalid JSON"),
        ["body.invalid-json"] = ("Тело запроса не является корректным JSON: {0}", "The request body is not valid JSON: {0}"),
        ["body.too-large.title"] = ("Слишком большой запрос", "Request too large"),
        ["body.too-large"] = ("Файл больше допустимых {0} МБ. Разделите список на части и загрузите их по очереди.", "The file is larger than the allowed {0} MB. Split the list and upload the parts one after another."),
        ["id.invalid.title"] = ("Недопустимый идентификатор", "Identifier not allowed"),
        ["id.invalid"] = ("Идентификатор «{0}» недопустим: только латинские буквы, цифры, «.», «_», «-», до 64 символов.", "The identifier '{0}' is not allowed: Latin letters, digits, '.', '_', '-', up to 64 characters."),
        ["doctor.invalid.title"] = ("Недопустимый идентификатор врача", "Doctor identifier not valid"),
        ["doctor.invalid"] = ("Идентификатор врача недопустим.", "The doctor identifier is not valid."),
        ["email.invalid.title"] = ("Недопустимый адрес почты", "E-mail address not valid"),
        ["email.invalid"] = ("Адрес электронной почты недопустим.", "The e-mail address is not valid."),
        ["field.invalid.title"] = ("Поле заполнено неверно", "Field not valid"),
        ["provider.invalid.title"] = ("Провайдер заполнен неверно", "The provider is not valid"),
        ["provider.invalid"] = ("{0}", "{0}"),
        ["event.invalid.title"] = ("Мероприятие заполнено неверно", "The event is not valid"),
        ["event.invalid"] = ("{0}", "{0}"),
        ["event.not-found.title"] = ("Мероприятие не найдено", "Event not found"),
        ["event.not-found"] = ("Мероприятие «{0}» не найдено. Сначала зарегистрируйте его: PUT /api/events/{0}.", "Event '{0}' was not found. Register it first: PUT /api/events/{0}."),
        ["event.kind-mismatch.title"] = ("Не тот вид активности", "Wrong kind of activity"),
        ["event.kind-mismatch"] = ("«{0}» зарегистрирован как {1}, а здесь ожидается {2}.", "'{0}' is registered as {1}, but {2} is expected here."),
        ["module.not-registered.title"] = ("Модуль не зарегистрирован", "Module not registered"),
        ["module.not-registered"] = ("Модуль «{0}» не зарегистрирован в системе. Мероприятия и модули, не размещённые на сайте, не обеспечиваются кредитами.", "Module '{0}' is not registered. Events and modules that are not published on the site do not earn credits."),
        ["upload.not-found.title"] = ("Загрузка не найдена", "Upload not found"),
        ["upload.not-found"] = ("Загрузка «{0}» не найдена.", "Upload '{0}' was not found."),
        ["upload.unusable.title"] = ("Файл нельзя использовать", "The file cannot be used"),
        ["upload.unusable"] = ("{0}", "{0}"),
        ["upload.report-not-ready.title"] = ("Отчёт ещё не готов", "Report not ready yet"),
        ["upload.report-not-ready"] = ("Отчёт по загрузке «{0}» будет готов, когда она обработана (сейчас: {1}). Проверяйте статус загрузки.", "The report of upload '{0}' is ready once it is processed (now: {1}). Check the upload status."),
        ["upload.report-rejected.title"] = ("Файл отклонён", "File refused"),
        ["upload.report-rejected"] = ("Файл загрузки «{0}» отклонён целиком, коды не выдавались; причины — в статусе загрузки.", "The file of upload '{0}' was refused as a whole and no codes were issued; the reasons are in the upload status."),
        ["upload.report-failed.title"] = ("Загрузка не обработана", "Upload not processed"),
        ["upload.report-failed"] = ("Загрузку «{0}» не удалось обработать; причина — в статусе загрузки.", "Upload '{0}' could not be processed; the reason is in the upload status."),
        ["code.mistyped.title"] = ("Код введён с ошибкой", "Code mistyped"),
        ["code.mistyped"] = ("Код введён с ошибкой: проверьте его по свидетельству. Код состоит из 12 знаков вида XXXX-XXXXXXXX; буква «О» не используется — вводите ноль.", "The code looks mistyped: check it against the certificate. A code has 12 characters like XXXX-XXXXXXXX; the letter O is not used, type zero."),
        ["code.unknown.title"] = ("Код не найден", "Code not found"),
        ["code.unknown"] = ("Код не найден. Если код из свидетельства не активируется, напишите на info@sovetnmo.ru и укажите: название мероприятия, дату проведения, место проведения и код.", "The code was not found. If the code from your certificate cannot be activated, write to info@sovetnmo.ru with the event name, its date, its place and the code."),
        ["code.taken.title"] = ("Код активирован другим врачом", "Code activated by another doctor"),
        ["code.taken"] = ("Этот код уже активирован другим врачом. Если свидетельство ваше, напишите на info@sovetnmo.ru: название мероприятия, дата, место и код.", "This code has already been activated by another doctor. If the certificate is yours, write to info@sovetnmo.ru with the event name, date, place and code."),
        ["code.revoked.title"] = ("Код отозван", "Code revoked"),
        ["code.revoked"] = ("Этот код отозван: провайдер выпустил вместо него новый. Активируйте код из нового свидетельства.", "This code was revoked: the provider issued a new one instead. Activate the code from the new certificate."),
        ["code.throttled.title"] = ("Слишком много попыток", "Too many attempts"),
        ["code.throttled"] = ("Слишком много неудачных попыток. Повторите через {0} мин.", "Too many failed attempts. Try again in {0} min."),
        ["reissue.attendee-not-found.title"] = ("Участник не найден", "Attendee not found"),
        ["reissue.attendee-not-found"] = ("Участник с этим адресом электронной почты не найден в списках мероприятия «{0}». Перевыпустить можно только код, выданный по загруженному списку.", "No attendee with this e-mail address is on the lists of event '{0}'. Only a code issued from an uploaded list can be re-issued."),
        ["reissue.already-activated.title"] = ("Код уже активирован", "Code already activated"),
        ["reissue.already-activated"] = ("Код этого участника уже активирован: баллы зачтены врачу, перевыпускать нечего.", "This attendee's code is already activated: the credits are given to the doctor, there is nothing to re-issue."),
        ["email-events.not-configured.title"] = ("Приём отчётов о доставке не настроен", "Delivery reports not configured"),
        ["email-events.not-configured"] = ("Приём событий почтового сервиса не настроен (нет ключа проверки подписи SendGrid:WebhookPublicKey); все вызовы отклоняются.", "The mail service event webhook is not configured (no signature verification key SendGrid:WebhookPublicKey); every call is refused."),
        ["email-events.unsigned.title"] = ("Вызов не подписан", "Call not signed"),
        ["email-events.unsigned"] = ("Вызов не подписан: нужны заголовки X-Twilio-Email-Event-Webhook-Signature и X-Twilio-Email-Event-Webhook-Timestamp.", "The call is not signed: the X-Twilio-Email-Event-Webhook-Signature and X-Twilio-Email-Event-Webhook-Timestamp headers are required."),
        ["email-events.bad-signature.title"] = ("Подпись не подходит", "Signature does not match"),
        ["email-events.bad-signature"] = ("Подпись вызова не подходит.", "The call's signature does not match."),

        // Field validation (the details of event.invalid, provider.invalid and field.invalid).
        ["field.required"] = ("Поле «{0}» обязательно.", "The field '{0}' is required."),
        ["field.too-long"] = ("Поле «{0}» длиннее {1} символов.", "The field '{0}' is longer than {1} characters."),
        ["field.invalid"] = ("Поле «{0}» заполнено неверно: {1}", "The field '{0}' is not valid: {1}"),
        ["reason.control-characters"] = ("управляющие символы", "control characters"),
        ["reason.before-start-date"] = ("раньше startDate", "before startDate"),
        ["reason.in-the-future"] = ("в будущем", "in the future"),
        ["reason.outside-module-period"] = ("дата вне срока размещения модуля ({0} — {1})", "the date is outside the module's period ({0} to {1})"),

        // Why an upload stopped (stored as these keys, worded when shown).
        ["upload.failed.event-deleted"] = ("Мероприятие удалено до обработки списка; коды не выдавались.", "The event was deleted before the list was processed; no codes were issued."),
        ["upload.failed.raw-missing"] = ("Сохранённый файл загрузки не найден, обработать его нельзя. Загрузите список ещё раз.", "The stored file of this upload is missing and cannot be processed. Upload the list again."),
        ["upload.failed.raw-unreadable"] = ("Сохранённый файл загрузки повреждён и не читается. Загрузите список ещё раз: участники, которым код уже выдан, второго кода не получат.", "The stored file of this upload is damaged and cannot be read. Upload the list again: attendees who already hold a code will not get a second one."),
        ["upload.failed.processing"] = ("Обработка загрузки несколько раз завершилась ошибкой и остановлена. Загрузите список ещё раз или напишите оператору: участники, которым код уже выдан, второго кода не получат.", "Processing this upload failed several times and was stopped. Upload the list again or contact the operator: attendees who already hold a code will not get a second one."),

        // The per-row report (CSV).
        ["report.line"] = ("Строка", "Line"),
        ["report.outcome"] = ("Результат", "Outcome"),
        ["report.column"] = ("Столбец", "Column"),
        ["report.reason"] = ("Причина", "Reason"),
        ["report.name"] = ("ФИО", "Name"),
        ["report.email"] = ("Электронная почта", "E-mail"),
        ["report.issued"] = ("код выдан", "issued"),
        ["report.rejected"] = ("отклонена", "rejected"),
        ["report.duplicate"] = ("повтор", "duplicate"),
        ["report.not-eligible"] = ("не допущен", "not eligible"),
        ["report.already-issued"] = ("код уже выдан", "already issued"),

        // Rejected rows, addressed to the provider who uploaded the file (keys: "issue." + the issue code).
        ["issue.place"] = ("Строка {0}", "Line {0}"),
        ["issue.field.too-long"] = ("значение длиннее {0} символов", "the value is longer than {0} characters"),
        ["issue.text.garbled"] = ("в значении нечитаемые символы (в файле смешаны кодировки; сохраните его заново в UTF-8)", "the value contains unreadable characters (the file mixes encodings; save it again as UTF-8)"),
        ["issue.name.missing"] = ("не указаны фамилия и имя", "the name is empty"),
        ["issue.name.missing.last-name"] = ("не указана фамилия", "the last name is empty"),
        ["issue.name.missing.first-name"] = ("не указано имя", "the first name is empty"),
        ["issue.name.incomplete"] = ("в ФИО должны быть хотя бы фамилия и имя", "the full name must hold at least a last name and a first name"),
        ["issue.email.missing"] = ("не указан адрес электронной почты", "the e-mail address is empty"),
        ["issue.email.invalid"] = ("адрес электронной почты указан с ошибкой", "the e-mail address is not valid"),
        ["issue.email.undeliverable"] = ("на домен «{0}» нельзя доставить почту", "the e-mail domain «{0}» cannot receive mail"),
        ["issue.snils.invalid"] = ("СНИЛС должен состоять из 11 цифр (123-456-789 01)", "SNILS must have 11 digits (123-456-789 01)"),
        ["issue.snils.checksum"] = ("не сходится контрольное число СНИЛС", "the SNILS control number does not match"),
        ["issue.minutes.invalid"] = ("время присутствия (минуты) указано не числом", "the attendance minutes are not a number"),
        ["issue.presence.invalid"] = ("доля присутствия указана не числом от 0 до 100 %", "the presence share is not a number from 0 to 100 %"),
        ["issue.attendance.missing"] = ("не указано присутствие", "the attendance is not given"),
        ["issue.attendance.minutes-below"] = ("присутствие {0} мин, а для мероприятия нужно не меньше {1} мин", "attended {0} min, the event requires at least {1} min"),
        ["issue.attendance.share-below"] = ("присутствие {0} мероприятия, а нужно не меньше {1}", "attended {0} of the event, at least {1} is required"),
        ["issue.row.columns"] = ("в строке {1} значений, а в заголовке {0} столбцов; значение, в котором есть разделитель «{2}», нужно заключить в кавычки", "the row has {1} values but the header has {0} columns; a value holding the delimiter «{2}» must be in quotes"),
        ["issue.row.duplicate"] = ("этот участник (адрес почты) уже есть в строке {0}", "the same attendee (e-mail) is already on line {0}"),
        ["issue.row.already-issued"] = ("этому участнику уже выдан код за это мероприятие", "a code has already been issued to this attendee for this event"),
        ["issue.email.failed"] = ("письмо со свидетельством не принято почтовым сервисом: {0}", "the certificate e-mail was not accepted by the mail service: {0}"),
        ["issue.email.bounced"] = ("письмо со свидетельством вернулось (проверьте адрес): {0}", "the certificate e-mail bounced (check the address): {0}"),
        ["issue.email.dropped"] = ("почтовый сервис не доставил письмо со свидетельством: {0}", "the mail service did not deliver the certificate e-mail: {0}"),

        // Problems with a file as a whole, and warnings about it.
        ["issue.file.empty"] = ("файл пустой", "the file is empty"),
        ["issue.file.binary"] = ("это не текстовый файл; сохраните список из таблицы в формате CSV", "this is not a text file; export the list from the spreadsheet as CSV"),
        ["issue.file.spreadsheet"] = ("это книга электронной таблицы (xlsx/xls/ods), а не CSV; выберите «Сохранить как» → CSV", "this is a spreadsheet workbook (xlsx/xls/ods), not CSV; use «Save as» → CSV"),
        ["issue.file.too-large"] = ("файл больше {0}", "the file is larger than {0}"),
        ["issue.file.no-rows"] = ("в файле есть заголовок, но нет ни одного участника", "the file has a header but no attendees"),
        ["issue.file.unterminated-quote"] = ("кавычка, открытая в строке {0}, не закрыта, и остаток файла нельзя разобрать на строки", "a quote opened on line {0} is never closed, so the rest of the file cannot be split into rows"),
        ["issue.file.record-too-large"] = ("начиная со строки {0} файл нельзя разобрать на строки (не закрыта кавычка?)", "from line {0} on, the file cannot be split into rows (an unclosed quote?)"),
        ["issue.header.unrecognized"] = ("первая строка не похожа на заголовок: ни одно название столбца не распознано (ожидаются, например, Фамилия; Имя; Отчество; Email)", "the first line is not a header: none of its column names is known (expected e.g. Фамилия; Имя; Отчество; Email)"),
        ["issue.header.ambiguous"] = ("по названию столбца «{0}» непонятно, что в нём; назовите его «ФИО» или разделите на «Фамилия» и «Имя»", "the column «{0}» does not say which name it holds; call it «Full name» (or «ФИО»), or use «Last name» and «First name»"),
        ["issue.header.unknown"] = ("не учитываются столбцы: {0}", "columns ignored: {0}"),
        ["issue.header.duplicate"] = ("столбец «{0}» повторяет «{1}» и не учитывается", "the column «{0}» repeats «{1}» and is ignored"),
        ["issue.column.missing"] = ("нет столбца «{0}»", "the {0} column is missing"),
        ["issue.column.missing.email"] = ("нет столбца с адресом почты (Email, Электронная почта)", "the e-mail column (Email, E-mail) is missing"),
        ["issue.column.missing.name"] = ("нет столбцов с именем (Фамилия и Имя, или ФИО)", "the name columns (Last name and First name, or Full name) are missing"),
        ["issue.column.missing.last-name"] = ("нет столбца «Фамилия»", "the Last name column is missing"),
        ["issue.column.missing.first-name"] = ("нет столбца «Имя»", "the First name column is missing"),
        ["issue.column.missing.minutes"] = ("нет столбца с временем присутствия в минутах, а он нужен для порога присутствия мероприятия", "the attendance minutes column is missing; the event's attendance threshold needs it"),
        ["issue.column.missing.presence"] = ("нет столбца с долей присутствия, а он нужен для порога присутствия мероприятия", "the presence share column is missing; the event's attendance threshold needs it"),
        ["issue.column.missing.attendance"] = ("нет столбца с присутствием (минуты или доля), а он нужен для порога присутствия мероприятия", "the attendance column (minutes or presence share) is missing; the event's attendance threshold needs it"),
        ["unit.megabytes"] = ("{0} МБ", "{0} MB"),
        ["unit.kilobytes"] = ("{0} КБ", "{0} KB"),
        ["unit.bytes"] = ("{0} байт", "{0} bytes"),

        // Issue 11 (part A): activation, events under issued codes, withdrawals and audit.
        ["code.already-credited.title"] = ("Баллы за мероприятие уже начислены", "Already credited for this event"),
        ["code.already-credited"] = ("Вам уже начислены баллы за это мероприятие по другому коду. Этот код не активирован и остаётся за участником, которому он выдан.", "You have already been credited for this event with another code. This code was not activated and stays with the attendee it was issued to."),
        // Issue 13: attendance lists as providers keep them (a title above the header, workbooks).
        ["issue.header.not-found"] = ("не найдена строка заголовка: в первых {0} непустых строках нет названий столбцов, например «№; Фамилия; Имя; Отчество; E-mail; Специальность; СНИЛС» или «ФИО; E-mail». Первые строки файла: {1}", "no header line found: none of the first {0} non-empty lines names known columns, such as «Last name; First name; Email» or «Full name; Email». The file starts with: {1}"),
        ["issue.header.skipped-lines"] = ("заголовок найден в строке {0}; строки 1–{1} над ним (название списка, пустые строки) пропущены", "the header is on line {0}; lines 1–{1} above it (a title, empty lines) were skipped"),
        ["issue.email.mailto-removed"] = ("в {0} адресах почты перед адресом стояло «mailto:» — оно убрано (первый такой адрес в строке {1})", "{0} e-mail addresses began with «mailto:», which was removed (the first on line {1})"),
        ["issue.email.name-removed"] = ("в {0} ячейках почты кроме адреса было имя («Иванов И. <ivanov@mail.ru>») — взят адрес из угловых скобок (первая такая ячейка в строке {1})", "{0} e-mail cells held a name besides the address («Ivanov I. <ivanov@mail.ru>»); the address in angle brackets was taken (the first on line {1})"),
        // Issue 14: the providers' console and the routes it reads.
        ["query.invalid.title"] = ("Неверный параметр запроса", "Invalid query parameter"),
        ["query.invalid"] = ("Параметр запроса «{0}» задан неверно: {1}.", "The query parameter '{0}' is not valid: {1}."),
        ["reason.token-invalid"] = ("это не маркер продолжения, выданный предыдущей страницей", "it is not a continuation token given by a previous page"),
        ["reason.query-text"] = ("не длиннее {0} символов и без управляющих символов", "at most {0} characters, without control characters"),
        ["reason.dry-run-flag"] = ("true или false", "true or false"),
        ["route.not-found.title"] = ("Адрес не найден", "No such address"),
        ["route.not-found"] = ("В API нет адреса {0}. Описание API: /api/openapi.json.", "The API has no address {0}. The API is described at /api/openapi.json."),
        // Issue 15: certificates anyone can verify (page, PDF, credential) and the credit notice's greeting.
        ["certificate.not-found.title"] = ("Свидетельство не найдено", "Certificate not found"),
        ["certificate.not-found"] = ("Свидетельства с таким номером нет. Проверьте ссылку: она должна быть скопирована целиком.", "There is no certificate with this number. Check the link: it must be copied in full."),
        ["certificate.throttled.title"] = ("Слишком много проверок", "Too many checks"),
        ["certificate.throttled"] = ("С этого адреса проверено слишком много несуществующих свидетельств. Повторите через {0} мин.", "Too many certificates that do not exist were looked up from this address. Try again in {0} min."),
        ["certificate.page.title"] = ("Проверка свидетельства НМО", "CME certificate check"),
        ["certificate.page.heading"] = ("Свидетельство НМО", "CME certificate (Свидетельство НМО)"),
        ["certificate.page.genuine"] = ("Свидетельство подлинное: его выдал провайдер «{0}» в системе НМО.", "This certificate is genuine: it was issued by the provider \"{0}\" in the CME system."),
        ["certificate.page.state.issued"] = ("Свидетельство действительно. Код подтверждения ещё не активирован.", "The certificate is valid. Its confirmation code has not been activated yet."),
        ["certificate.page.state.activated"] = ("Свидетельство действительно. Код подтверждения активирован {0}, кредиты зачислены.", "The certificate is valid. Its confirmation code was activated on {0} and the credits were counted."),
        ["certificate.page.state.revoked"] = ("Свидетельство отозвано и недействительно.", "This certificate was revoked and is not valid."),
        ["certificate.page.replaced"] = ("Вместо него выдано свидетельство:", "It was replaced by the certificate:"),
        ["certificate.page.pdf"] = ("Скачать PDF", "Download PDF"),
        ["certificate.field.holder"] = ("ФИО", "Full name"),
        ["certificate.field.event"] = ("Мероприятие", "Event"),
        ["certificate.field.dates"] = ("Даты проведения", "Dates"),
        ["certificate.field.place"] = ("Место проведения", "Place"),
        ["certificate.field.provider"] = ("Провайдер (организатор)", "Provider (organiser)"),
        ["certificate.field.credits"] = ("Кредиты (академические часы)", "Credits (academic hours)"),
        ["certificate.field.issued"] = ("Дата выдачи", "Issued on"),
        ["certificate.field.number"] = ("Номер свидетельства", "Certificate number"),
        ["certificate.pdf.title"] = ("СВИДЕТЕЛЬСТВО НМО", "CME CERTIFICATE"),
        ["certificate.pdf.subtitle"] = ("об участии в образовательном мероприятии непрерывного медицинского образования", "of attendance at a continuing medical education event (Свидетельство НМО)"),
        ["certificate.pdf.revoked"] = ("ОТОЗВАНО", "REVOKED"),
        ["certificate.pdf.code"] = ("Индивидуальный код подтверждения (ИКП)", "Individual confirmation code (ИКП)"),
        ["certificate.pdf.code-revoked"] = ("Код отозван и не может быть активирован.", "The code was revoked and cannot be activated."),
        ["certificate.pdf.steps"] = ("Как активировать код", "How to activate the code"),
        ["certificate.pdf.step1"] = ("1. Войдите в Личный кабинет на портале НМО и откройте раздел «План обучения».", "1. Sign in to your personal account (\"Личный кабинет\") on the CME portal and open the \"Education plan\" section."),
        ["certificate.pdf.step2"] = ("2. Введите код в поле для активации ИКП. Регистр букв, пробелы и дефисы значения не имеют.", "2. Enter the code in the code activation field. Letter case, spaces and hyphens do not matter."),
        ["certificate.pdf.step3"] = ("3. Буква «О» в кодах не используется: вместо неё вводите цифру ноль (0).", "3. Codes never contain the letter \"O\": type the digit zero (0) instead."),
        ["certificate.pdf.verify"] = ("Проверить подлинность и состояние свидетельства:", "Check that this certificate is genuine and still valid:"),
        ["issue.file.workbook-bomb"] = ("книга распаковывается во много раз больше своего размера (больше {0} МБ) — так выглядит «zip-бомба»; сохраните список заново или как CSV", "the workbook unpacks to many times its size (over {0} MB), as a zip bomb does; save the list again, or as CSV"),
        ["issue.file.workbook-unreadable"] = ("книгу не удалось прочитать: принимаются .xlsx и .xls (файл ODS сохраните как .xlsx или CSV)", "the workbook cannot be read: .xlsx and .xls are accepted (save an ODS file as .xlsx or CSV)"),
        ["issue.workbook.other-sheets"] = ("список взят с листа «{0}»; другие непустые листы не учитываются: {1}", "the list is taken from the sheet «{0}»; other non-empty sheets are ignored: {1}"),
        ["event.locked.title"] = ("Коды мероприятия уже выданы", "Codes of the event are issued"),
        ["event.locked"] = ("По этому мероприятию уже выданы коды, а свидетельства указывают его вид, баллы и даты, поэтому их изменить нельзя: {0}. Исправить можно название и место.", "Codes of this event are issued, and their certificates state its kind, credits and dates, so these cannot change: {0}. The title and place can still be corrected."),
        ["event.changed.title"] = ("Мероприятие изменилось", "The event has changed"),
        ["event.changed"] = ("Мероприятие «{0}» изменилось с тех пор, как вы его прочитали (If-Match не совпадает с ETag). Получите его заново: GET /api/events/{0}.", "Event '{0}' has changed since you read it (If-Match does not match its ETag). Read it again: GET /api/events/{0}."),
        // Issue 11 (part B): the e-mail event webhook is bounded.
        ["email-events.stale.title"] = ("Подпись устарела", "Signature too old"),
        ["email-events.stale"] = ("Время подписи вызова отличается от текущего больше чем на {0} мин.; повтор старого вызова не принимается.", "The call was signed more than {0} minutes from now; a replayed call is not accepted."),
        ["email-events.too-large.title"] = ("Слишком большой вызов", "Call too large"),
        ["email-events.too-large"] = ("Тело вызова больше {0} КБ.", "The call's body is larger than {0} KB."),
        // Issue 15 item 4: the signed Open Badges credential, its issuer and keys.
        ["certificate.revoked.title"] = ("Свидетельство отозвано", "Certificate revoked"),
        ["certificate.revoked"] = ("Свидетельство отозвано, подписанный документ по нему не выдаётся. Его состояние: {0}", "The certificate was revoked, so no signed credential is issued for it. Its state: {0}"),
        ["credential.unavailable.title"] = ("Подпись недоступна", "Signing unavailable"),
        ["credential.unavailable"] = ("Ключ подписи не настроен, подписанные документы сейчас не выдаются. Проверить свидетельство можно по ссылке на его страницу.", "The signing key is not configured, so signed credentials cannot be issued now. The certificate can still be checked on its page."),
        ["credential.issuer.name"] = ("Сервис учёта баллов НМО", "CME credit service (НМО)"),
        ["credential.achievement.description"] = ("Образовательная активность непрерывного медицинского образования «{0}», {1}, {2}. Провайдер (организатор): {3}.", "Continuing medical education activity \"{0}\", {1}, {2}. Provider (organiser): {3}."),
        ["credential.achievement.criteria"] = ("Участие подтверждено провайдером в системе НМО; кредиты (академические часы) за активность: {0}, начисляются после активации индивидуального кода подтверждения.", "Attendance confirmed by the provider in the CME system; the activity earns {0} credits (academic hours) once its individual confirmation code is activated."),
        ["credential.achievement.field"] = ("Непрерывное медицинское образование", "Continuing medical education"),
    };

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/>, with <paramref name="args"/> in place of <c>{0}</c>, <c>{1}</c>...</summary>
    /// <exception cref="KeyNotFoundException">No such text: a key the code uses must be in the catalog.</exception>
    public static string Get(string key, Language language, params object?[] args)
    {
        if (!Catalog.TryGetValue(key, out var text))
        {
            throw new KeyNotFoundException($"No text '{key}'.");
        }

        var format = language == Language.En ? text.En : text.Ru;
        return args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
    }

    public static bool Has(string key) => Catalog.ContainsKey(key);
}
