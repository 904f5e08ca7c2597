using Nmo.Core.Localization;

namespace Nmo.Core.Plan;

public interface IEducationReportPdfRenderer
{
    /// <summary>The report as an A4 PDF, as many pages as its entries need.</summary>
    byte[] Render(EducationActivityReport report, Language language);
}
