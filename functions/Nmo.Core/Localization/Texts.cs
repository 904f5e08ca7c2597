namespace Nmo.Core.Localization;

/// <summary>
/// User-facing messages of the API, Russian and English. Kept together so a translator sees every text of one
/// kind in one place; e-mail texts live in their template files, CSV row reasons in the attendance texts.
/// </summary>
public static class Texts
{
    private static readonly Dictionary<string, (string Ru, string En)> Catalog = new(StringComparer.Ordinal)
    {
        ["auth.missing"] = ("Нужен ключ провайдера в заголовке X-Api-Key.", "A provider key is required in the X-Api-Key header."),
        ["auth.invalid"] = ("Ключ провайдера не подходит. Проверьте его или запросите новый у оператора.", "The provider key is not valid. Check it or ask the operator for a new one."),
        ["auth.forbidden"] = ("Это мероприятие принадлежит другому провайдеру.", "This event belongs to another provider."),
        ["body.invalid-json"] = ("Тело запроса не является корректным JSON: {0}", "The request body is not valid JSON: {0}"),
        ["body.missing"] = ("Тело запроса пустое.", "The request body is empty."),
        ["body.too-large"] = ("Файл больше допустимых {0} МБ. Разделите список на части и загрузите их по очереди.", "The file is larger than the allowed {0} MB. Split the list and upload the parts one after another."),
        ["field.required"] = ("Поле «{0}» обязательно.", "The field '{0}' is required."),
        ["field.too-long"] = ("Поле «{0}» длиннее {1} символов.", "The field '{0}' is longer than {1} characters."),
        ["field.invalid"] = ("Поле «{0}» заполнено неверно: {1}", "The field '{0}' is not valid: {1}"),
        ["id.invalid"] = ("Идентификатор «{0}» недопустим: только латинские буквы, цифры, «.», «_», «-», до 64 символов.", "The identifier '{0}' is not allowed: Latin letters, digits, '.', '_', '-', up to 64 characters."),
        ["event.not-found"] = ("Мероприятие «{0}» не найдено. Сначала зарегистрируйте его: PUT /api/events/{0}.", "Event '{0}' was not found. Register it first: PUT /api/events/{0}."),
        ["event.kind-mismatch"] = ("«{0}» зарегистрирован как {1}, а здесь ожидается {2}.", "'{0}' is registered as {1}, but {2} is expected here."),
        ["module.not-registered"] = ("Модуль «{0}» не зарегистрирован в системе. Мероприятия и модули, не размещённые на сайте, не обеспечиваются кредитами.", "Module '{0}' is not registered. Events and modules that are not published on the site do not earn credits."),
        ["upload.not-found"] = ("Загрузка «{0}» не найдена.", "Upload '{0}' was not found."),
        ["upload.unusable"] = ("Файл нельзя использовать: {0}", "The file cannot be used: {0}"),
        ["code.mistyped"] = ("Код введён с ошибкой: проверьте его по свидетельству. Код состоит из 12 знаков вида XXXX-XXXXXXXX; буква «О» не используется — вводите ноль.", "The code looks mistyped: check it against the certificate. A code has 12 characters like XXXX-XXXXXXXX; the letter O is not used, type zero."),
        ["code.unknown"] = ("Код не найден. Если код из свидетельства не активируется, напишите на info@sovetnmo.ru и укажите: название мероприятия, дату проведения, место проведения и код.", "The code was not found. If the code from your certificate cannot be activated, write to info@sovetnmo.ru with the event name, its date, its place and the code."),
        ["code.taken"] = ("Этот код уже активирован другим врачом. Если свидетельство ваше, напишите на info@sovetnmo.ru: название мероприятия, дата, место и код.", "This code has already been activated by another doctor. If the certificate is yours, write to info@sovetnmo.ru with the event name, date, place and code."),
        ["code.revoked"] = ("Этот код отозван: провайдер выпустил вместо него новый. Активируйте код из нового свидетельства.", "This code was revoked: the provider issued a new one instead. Activate the code from the new certificate."),
        ["code.throttled"] = ("Слишком много неудачных попыток. Повторите через {0} мин.", "Too many failed attempts. Try again in {0} min."),
        ["doctor.invalid"] = ("Идентификатор врача недопустим.", "The doctor identifier is not valid."),
        ["email.invalid"] = ("Адрес электронной почты недопустим.", "The e-mail address is not valid."),
        ["storage.unavailable"] = ("Хранилище недоступно.", "Storage is unavailable."),
        ["upload.report-not-ready"] = ("Отчёт по загрузке «{0}» будет готов, когда она обработана (сейчас: {1}). Проверяйте статус загрузки.", "The report of upload '{0}' is ready once it is processed (now: {1}). Check the upload status."),
        ["upload.report-rejected"] = ("Файл загрузки «{0}» отклонён целиком, коды не выдавались; причины — в статусе загрузки.", "The file of upload '{0}' was refused as a whole and no codes were issued; the reasons are in the upload status."),
        ["upload.report-failed"] = ("Загрузку «{0}» не удалось обработать; причина — в статусе загрузки.", "Upload '{0}' could not be processed; the reason is in the upload status."),
        ["upload.failed.event-deleted"] = ("Мероприятие удалено до обработки списка; коды не выдавались.", "The event was deleted before the list was processed; no codes were issued."),
        ["upload.failed.raw-missing"] = ("Сохранённый файл загрузки не найден, обработать его нельзя. Загрузите список ещё раз.", "The stored file of this upload is missing and cannot be processed. Upload the list again."),
        ["upload.failed.raw-unreadable"] = ("Сохранённый файл загрузки повреждён и не читается. Загрузите список ещё раз: участники, которым код уже выдан, второго кода не получат.", "The stored file of this upload is damaged and cannot be read. Upload the list again: attendees who already hold a code will not get a second one."),
        ["upload.failed.processing"] = ("Обработка загрузки несколько раз завершилась ошибкой и остановлена. Загрузите список ещё раз или напишите оператору: участники, которым код уже выдан, второго кода не получат.", "Processing this upload failed several times and was stopped. Upload the list again or contact the operator: attendees who already hold a code will not get a second one."),
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
        ["email-events.not-configured"] = ("Приём событий почтового сервиса не настроен (нет ключа проверки подписи SendGrid:WebhookPublicKey); все вызовы отклоняются.", "The mail service event webhook is not configured (no signature verification key SendGrid:WebhookPublicKey); every call is refused."),
        ["email-events.unsigned"] = ("Вызов не подписан: нужны заголовки X-Twilio-Email-Event-Webhook-Signature и X-Twilio-Email-Event-Webhook-Timestamp.", "The call is not signed: the X-Twilio-Email-Event-Webhook-Signature and X-Twilio-Email-Event-Webhook-Timestamp headers are required."),
        ["email-events.bad-signature"] = ("Подпись вызова не подходит.", "The call's signature does not match."),
        ["reissue.attendee-not-found"] = ("Участник с этим адресом электронной почты не найден в списках мероприятия «{0}». Перевыпустить можно только код, выданный по загруженному списку.", "No attendee with this e-mail address is on the lists of event '{0}'. Only a code issued from an uploaded list can be re-issued."),
        ["reissue.already-activated"] = ("Код этого участника уже активирован: баллы зачтены врачу, перевыпускать нечего.", "This attendee's code is already activated: the credits are given to the doctor, there is nothing to re-issue."),
    };

    public static string Get(string key, Language language, params object?[] args)
    {
        if (!Catalog.TryGetValue(key, out var text))
        {
            throw new KeyNotFoundException($"No text '{key}'.");
        }

        var format = language == Language.En ? text.En : text.Ru;
        return args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
