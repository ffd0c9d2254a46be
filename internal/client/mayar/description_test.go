package mayar_test

import (
	"html"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

// mayarWrapped is what Mayar reads back for a description sent as plain
// text: one paragraph of the text, HTML-escaped, and a newline.
func mayarWrapped(text string) string {
	return "<p>" + html.EscapeString(text) + "</p>\n"
}

func TestDescriptionText(t *testing.T) {
	tests := []struct {
		name, read, want string
	}{
		{"plain text", "<p>Sewa kios</p>\n", "Sewa kios"},
		{"escaped & < > \" '", "<p>Kopi &amp; susu &lt;panas&gt; &#34;enak&#34; &#39;ya&#39;</p>\n", `Kopi & susu <panas> "enak" 'ya'`},
		{"named entities for quotes", "<p>&quot;a&quot; &apos;b&apos;</p>\n", `"a" 'b'`},
		{"an entity written as text", "<p>a &amp;amp; b</p>\n", "a &amp; b"},
		{"newlines inside", "<p>baris 1\nbaris 2</p>\n", "baris 1\nbaris 2"},
		{"spaces kept", "<p>  dua spasi  </p>\n", "  dua spasi  "},
		{"empty paragraph", "<p></p>\n", ""},
		{"no newline after", "<p>Sewa</p>", "Sewa"},
		{"empty", "", ""},
		{"HTML with a tag inside", "<p>Silakan bayar <strong>segera</strong></p>\n", "<p>Silakan bayar <strong>segera</strong></p>\n"},
		{"two paragraphs", "<p>a</p>\n<p>b</p>\n", "<p>a</p>\n<p>b</p>\n"},
		{"a list", "<ul><li>QRIS</li></ul>", "<ul><li>QRIS</li></ul>"},
		{"text without a paragraph", "Sewa kios", "Sewa kios"},
		{"a paragraph with attributes", "<p class=\"x\">a</p>\n", "<p class=\"x\">a</p>\n"},
		{"two newlines after", "<p>a</p>\n\n", "<p>a</p>\n\n"},
		{"spaces around", " <p>a</p>\n", " <p>a</p>\n"},
	}
	for _, tt := range tests {
		if got := mayar.DescriptionText(tt.read); got != tt.want {
			t.Errorf("%s: DescriptionText(%q) = %q, want %q", tt.name, tt.read, got, tt.want)
		}
	}
}

func TestSameDescription(t *testing.T) {
	tests := []struct {
		configured, read string
		same             bool
	}{
		{"Sewa kios", "<p>Sewa kios</p>\n", true},
		{"Kopi & susu", "<p>Kopi &amp; susu</p>\n", true},
		{"<p>Sewa <b>kios</b></p>", "<p>Sewa <b>kios</b></p>", true}, // HTML comes back as sent
		{"<p>Sewa</p>", "<p>Sewa</p>", true},
		{"", "", true},
		{"Sewa kios", "<p>Sewa toko</p>\n", false}, // changed outside Terraform
		{"Sewa kios", "Sewa toko", false},
		{"Sewa kios", "<p>Sewa kios</p>\n<p>Lantai 2</p>\n", false},
		{"Kopi & susu", "<p>Kopi &amp;amp; susu</p>\n", false},
		{"Sewa kios", "", false},
		{"", "<p>Sewa</p>\n", false},
		{"Sewa kios\n", "<p>Sewa kios</p>\n", true}, // a heredoc's last newline, trimmed by Mayar
		{"  Sewa kios ", "<p>Sewa kios</p>\n", true},
		{"Sewa  kios", "<p>Sewa kios</p>\n", false}, // inside the text, space counts
	}
	for _, tt := range tests {
		if got := mayar.SameDescription(tt.configured, tt.read); got != tt.same {
			t.Errorf("SameDescription(%q, %q) = %v, want %v", tt.configured, tt.read, got, tt.same)
		}
	}
}

// Any text Mayar wraps reads back as that text, and as no other; no read
// makes either function panic.
func FuzzDescription(f *testing.F) {
	for _, s := range []string{"Sewa kios", "Kopi & susu <panas>", `"a" 'b'`, "a\nb", " ", "", "<p>x</p>\n", "&amp;", "\xff\xfe", "</p>\n<p>"} {
		f.Add(s, s+"!")
	}
	f.Fuzz(func(t *testing.T, text, other string) {
		if got := mayar.DescriptionText(mayarWrapped(text)); got != text {
			t.Fatalf("DescriptionText(%q) = %q, want %q", mayarWrapped(text), got, text)
		}
		if !mayar.SameDescription(text, mayarWrapped(text)) {
			t.Fatalf("%q is not the same as Mayar's %q", text, mayarWrapped(text))
		}
		want := strings.TrimSpace(other) == strings.TrimSpace(text) || other == mayarWrapped(text)
		if same := mayar.SameDescription(other, mayarWrapped(text)); same != want {
			t.Fatalf("SameDescription(%q, %q) = %v", other, mayarWrapped(text), same)
		}
		_ = mayar.DescriptionText(text)
		_ = mayar.SameDescription(text, other)
	})
}
