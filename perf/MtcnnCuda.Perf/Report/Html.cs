using System.Net;
using System.Text;

namespace MtcnnCuda.Perf.Report;

/// <summary>Builds a small self-contained HTML page (images inlined as data URIs, no scripts, no external files).</summary>
public sealed class Html
{
    private readonly StringBuilder _body = new();
    private readonly string _title;

    public Html(string title) => _title = title;

    public Html Heading(string text, int level = 2)
    {
        _body.Append($"<h{level}>{Encode(text)}</h{level}>\n");
        return this;
    }

    public Html Paragraph(string text)
    {
        _body.Append($"<p>{Encode(text)}</p>\n");
        return this;
    }

    public Html Pre(string text)
    {
        _body.Append($"<pre>{Encode(text)}</pre>\n");
        return this;
    }

    public Html Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var h in header) _body.Append($"<th>{Encode(h)}</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append($"<td>{Encode(cell)}</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</table>\n");
        return this;
    }

    /// <summary>Inlines a PNG or JPEG file with a caption.</summary>
    public Html Image(string path, string caption) => Image(File.ReadAllBytes(path), MimeOf(path), caption);

    public Html Image(byte[] bytes, string mime, string caption)
    {
        _body.Append($"<figure><img src=\"data:{mime};base64,{Convert.ToBase64String(bytes)}\" alt=\"{Encode(caption)}\"/>")
            .Append($"<figcaption>{Encode(caption)}</figcaption></figure>\n");
        return this;
    }

    public void Save(string path)
    {
        var page = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(Encode(_title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
            .Append("figure{display:inline-block;margin:8px;vertical-align:top}figcaption{font-size:12px;max-width:360px}")
            .Append("img{max-width:100%}pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}</style></head><body>\n")
            .Append($"<h1>{Encode(_title)}</h1>\n").Append(_body).Append("</body></html>\n");
        File.WriteAllText(path, page.ToString());
    }

    private static string MimeOf(string path) =>
        Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
