package i18n

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// formNames are the CLDR plural categories by their YAML names.
var formNames = map[string]plural.Form{
	"zero":  plural.Zero,
	"one":   plural.One,
	"two":   plural.Two,
	"few":   plural.Few,
	"many":  plural.Many,
	"other": plural.Other,
}

// formOrder lists the categories in CLDR's order, for messages.
var formOrder = []string{"zero", "one", "two", "few", "many", "other"}

func formName(f plural.Form) string {
	for name, g := range formNames {
		if g == f {
			return name
		}
	}
	return "other"
}

// pluralOperands are CLDR's operands of a number as it is shown: i (integer digits), v (number
// of visible fraction digits), w (the same without trailing zeros), f and t (the visible
// fraction digits as an integer, with and without trailing zeros).
type pluralOperands struct{ i, v, w, f, t int }

func (o pluralOperands) form(tag language.Tag) plural.Form {
	return plural.Cardinal.MatchPlural(tag, o.i, o.v, o.w, o.f, o.t)
}

// operands returns the plural operands of a numeric argument. Floats are taken as Number shows
// them (at most three decimals, trailing zeros dropped), so 1.5 is "few" in Slovenian while 2.0
// is "two", as "2" is what the reader sees.
func operands(v any) (pluralOperands, bool) {
	switch n := v.(type) {
	case int:
		return intOperands(uint64(absInt(int64(n)))), true
	case int8:
		return intOperands(uint64(absInt(int64(n)))), true
	case int16:
		return intOperands(uint64(absInt(int64(n)))), true
	case int32:
		return intOperands(uint64(absInt(int64(n)))), true
	case int64:
		return intOperands(uint64(absInt(n))), true
	case uint:
		return intOperands(uint64(n)), true
	case uint8:
		return intOperands(uint64(n)), true
	case uint16:
		return intOperands(uint64(n)), true
	case uint32:
		return intOperands(uint64(n)), true
	case uint64:
		return intOperands(n), true
	case float32:
		return floatOperands(float64(n)), true
	case float64:
		return floatOperands(n), true
	}
	return pluralOperands{}, false
}

// absInt returns |n|; MinInt64 has no positive counterpart and stays as it is, which only the
// modulo tests of the rules see, and they see it the same.
func absInt(n int64) int64 {
	if n < 0 && n != math.MinInt64 {
		return -n
	}
	return n
}

// intOperands keeps i within int; plural rules look at i modulo at most 1 000 000 and at
// whether it is 0 or 1, which keeping the last 15 digits (plus 10^15, so a large number does
// not become 0 or 1) preserves.
func intOperands(n uint64) pluralOperands {
	const limit = 1_000_000_000_000_000
	if n >= limit {
		n = n%limit + limit
	}
	return pluralOperands{i: int(n)}
}

func floatOperands(x float64) pluralOperands {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return pluralOperands{}
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	ip, fp, _ := strings.Cut(s, ".")
	if len(ip) > 15 {
		ip = "1" + ip[len(ip)-15:]
	}
	o := pluralOperands{}
	o.i, _ = strconv.Atoi(ip)
	if fp != "" {
		o.v, o.w = len(fp), len(fp)
		o.f, _ = strconv.Atoi(fp)
		o.t = o.f
	}
	return o
}

// usedForms returns the categories lang's rules give to some number, each with up to three
// example numbers as written, for the warning about a plural value lacking one. It probes the
// whole numbers to 1000 and numbers with one or two decimals to 10, which reaches every
// category of the languages CLDR describes except French "many" (a million and up), which
// needs "other" only.
func usedForms(tag language.Tag) map[plural.Form][]string {
	if u, ok := usedCache.Load(tag); ok {
		return u.(map[plural.Form][]string)
	}
	used := probeForms(tag)
	usedCache.Store(tag, used)
	return used
}

// usedCache holds usedForms' results, which never change, as every build (and every fuzz run)
// would otherwise probe two thousand numbers per language.
var usedCache sync.Map // language.Tag → map[plural.Form][]string

func probeForms(tag language.Tag) map[plural.Form][]string {
	used := map[plural.Form][]string{}
	add := func(o pluralOperands, s string) {
		f := o.form(tag)
		if len(used[f]) < 3 {
			used[f] = append(used[f], s)
		}
	}
	for i := 0; i <= 1000; i++ {
		add(pluralOperands{i: i}, strconv.Itoa(i))
	}
	// Fractions as T sees them: one or two visible decimals, no trailing zero.
	for i := 0; i < 10; i++ {
		for f := 1; f < 100; f++ {
			o := pluralOperands{i: i, v: 2, w: 2, f: f, t: f}
			s := fmt.Sprintf("%d.%02d", i, f)
			if f%10 == 0 {
				o = pluralOperands{i: i, v: 1, w: 1, f: f / 10, t: f / 10}
				s = fmt.Sprintf("%d.%d", i, f/10)
			}
			add(o, s)
		}
	}
	return used
}
