package mayar

import (
	"html"
	"strings"
)

// Mayar stores a description as HTML, for payment requests and products
// alike. A description sent as plain text is read back as one paragraph,
// the text HTML-escaped: "Kopi & susu" comes back as
// "<p>Kopi &amp; susu</p>\n". One sent as HTML comes back as sent.

// DescriptionText is the plain text a description read back from Mayar
// was written as, when read is exactly Mayar's wrapping of one plain
// paragraph: "<p>", text with no tag in it (its <, >, & and quotes
// escaped), "</p>", and a newline, which may be missing. Any other read is
// HTML that was sent as HTML, and comes back unchanged.
func DescriptionText(read string) string {
	inner, ok := strings.CutPrefix(read, "<p>")
	if !ok {
		return read
	}
	if inner, ok = strings.CutSuffix(strings.TrimSuffix(inner, "\n"), "</p>"); !ok || strings.ContainsAny(inner, "<>") {
		return read
	}
	return html.UnescapeString(inner)
}

// SameDescription reports whether configured, a description as written,
// is what Mayar read back: the same HTML, or the plain text Mayar wrapped
// in a paragraph. White space around the text does not count: Mayar may
// trim it, and a heredoc ends with a newline. A description changed
// outside Terraform is not the same.
func SameDescription(configured, read string) bool {
	return configured == read || strings.TrimSpace(configured) == strings.TrimSpace(DescriptionText(read))
}
