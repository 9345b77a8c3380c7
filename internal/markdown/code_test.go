package markdown

import (
	"math"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestStyleContrast checks that every token colour of both code styles reaches WCAG AA
// (4.5:1) against the background it is drawn on.
func TestStyleContrast(t *testing.T) {
	for name, style := range map[string]*chroma.Style{"light": lightStyle, "dark": darkStyle} {
		bg := style.Get(chroma.Background)
		if !bg.Colour.IsSet() || !bg.Background.IsSet() {
			t.Fatalf("%s: background must set text and background colours", name)
		}
		for tt := range chroma.StandardTypes {
			e := style.Get(tt)
			fg, back := e.Colour, e.Background
			if !fg.IsSet() {
				fg = bg.Colour
			}
			if !back.IsSet() {
				back = bg.Background
			}
			if tt == chroma.LineHighlight {
				fg = bg.Colour // highlighted lines keep the text colour
			}
			if r := contrast(fg, back); r < 4.5 {
				t.Errorf("%s: %v: %s on %s has contrast %.2f < 4.5", name, tt, fg, back, r)
			}
			// Tokens on a highlighted line (hl_lines) are drawn on its background.
			if hl := style.Get(chroma.LineHighlight).Background; hl.IsSet() && back == bg.Background {
				if r := contrast(fg, hl); r < 4.5 {
					t.Errorf("%s: %v on a highlighted line: %s on %s has contrast %.2f < 4.5", name, tt, fg, hl, r)
				}
			}
		}
	}
}

func contrast(a, b chroma.Colour) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c chroma.Colour) float64 {
	ch := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.Red()) + 0.7152*ch(c.Green()) + 0.0722*ch(c.Blue())
}
