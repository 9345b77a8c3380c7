// Package i18n holds the UI strings of a site in every language: loading them from the theme's
// and the site's i18n/<lang>.yaml files with positioned diagnostics, and formatting them with
// placeholders, CLDR plural forms, and the language's number and date conventions.
//
// A strings file is a YAML mapping from key to value. A value is text, or, for text that
// depends on a number, a mapping of CLDR plural categories (zero, one, two, few, many, other;
// "other" is required):
//
//	toc_title: "On this page"
//	words_reading:
//	  one: "{minutes} minute to read"
//	  other: "{minutes} minutes to read"
//	months: [January, February, …]   # a list: allowed only for "months", 12 names
//	date_long: "{d} {month} {yyyy}"
//
// {name} in a value is replaced by the argument of that name (see Catalog.T).
package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// A Catalog holds the UI strings of every language of a site. Safe for concurrent reads: it is
// never changed after Load, and message.Printer keeps its per-call state in a pool.
type Catalog struct {
	def   string
	langs map[string]*table
}

// A table is one language's strings and formatting rules.
type table struct {
	tag     language.Tag
	printer *message.Printer
	entries map[string]entry
}

// An entry is one key's value: text, plural forms, or (only for "months") a list.
type entry struct {
	text  string
	forms map[plural.Form]string // nil unless the value is a plural mapping
	list  []string
}

func newTable(lang string) *table {
	tag := language.Make(lang)
	return &table{tag: tag, printer: message.NewPrinter(tag), entries: map[string]entry{}}
}

// lookup returns key's entry in lang, else in the default language, and the table it came
// from: a string found in the default language is formatted by that language's rules, so an
// English fallback reads "1.5 minutes", not "1,5 minutes".
func (c *Catalog) lookup(lang, key string) (entry, *table, bool) {
	if c == nil {
		return entry{}, nil, false
	}
	if t := c.langs[lang]; t != nil {
		if e, ok := t.entries[key]; ok {
			return e, t, true
		}
	}
	if t := c.langs[c.def]; t != nil {
		if e, ok := t.entries[key]; ok {
			return e, t, true
		}
	}
	return entry{}, nil, false
}

// tableFor returns lang's table, or a bare one for a language without strings.
func (c *Catalog) tableFor(lang string) *table {
	if c != nil {
		if t := c.langs[lang]; t != nil {
			return t
		}
	}
	return newTable(lang)
}

// T returns key's string in lang (falling back to the default language, then to the key
// itself), with {name} placeholders replaced from args given as name, value pairs. If the value
// is a plural map, the first numeric argument (any integer or float type) selects the CLDR
// cardinal form for the language (zero, one, two, few, many, other; "other" is the fallback).
// Numbers substituted into placeholders are formatted in the language's conventions ("1,5" in
// sl, "1.5" in en, "12.000" in sl), so pass years and identifiers as strings. A placeholder
// without an argument is left as it is.
func (c *Catalog) T(lang, key string, args ...any) string {
	e, t, ok := c.lookup(lang, key)
	if !ok {
		return key
	}
	s := e.text
	switch {
	case e.forms != nil:
		s = e.forms[plural.Other]
		for i := 1; i < len(args); i += 2 {
			if ops, ok := operands(args[i]); ok {
				if f, ok := e.forms[ops.form(t.tag)]; ok {
					s = f
				}
				break
			}
		}
	case e.list != nil:
		s = strings.Join(e.list, ", ")
	}
	if len(args) < 2 || !strings.Contains(s, "{") {
		return s
	}
	return replace(s, func(name string) (string, bool) {
		for i := 0; i+1 < len(args); i += 2 {
			if n, ok := args[i].(string); ok && n == name {
				return t.format(args[i+1]), true
			}
		}
		return "", false
	})
}

// Has reports whether lang (or the default language) defines key.
func (c *Catalog) Has(lang, key string) bool {
	_, _, ok := c.lookup(lang, key)
	return ok
}

// Number formats a number in lang's conventions (decimal separator, grouping, minus sign), with
// at most three decimals, as CLDR's standard decimal pattern has.
func (c *Catalog) Number(lang string, n float64) string {
	return c.tableFor(lang).printer.Sprint(number.Decimal(n))
}

// Date formats t with the language's "date_long" pattern, whose tokens are {d} (day), {dd}
// (two-digit day), {month} (the name from the "months" list, in the grammatical case a date
// needs, such as sl "novembra"), {m} (month number), {mm} (two-digit month) and {yyyy} (year).
// Without a pattern it writes ISO 8601 (2026-11-29); without month names, English ones.
func (c *Catalog) Date(lang string, t time.Time) string {
	pattern := "{yyyy}-{mm}-{dd}"
	if e, _, ok := c.lookup(lang, "date_long"); ok && e.forms == nil && e.list == nil {
		pattern = e.text
	}
	month := t.Month().String()
	if e, _, ok := c.lookup(lang, "months"); ok && len(e.list) == 12 {
		month = e.list[t.Month()-1]
	}
	return replace(pattern, func(tok string) (string, bool) {
		switch tok {
		case "d":
			return strconv.Itoa(t.Day()), true
		case "dd":
			return fmt.Sprintf("%02d", t.Day()), true
		case "month":
			return month, true
		case "m":
			return strconv.Itoa(int(t.Month())), true
		case "mm":
			return fmt.Sprintf("%02d", int(t.Month())), true
		case "yyyy":
			return fmt.Sprintf("%04d", t.Year()), true
		}
		return "", false
	})
}

// dateTokens are the tokens Date knows, for Load to check patterns against.
var dateTokens = map[string]bool{"d": true, "dd": true, "month": true, "m": true, "mm": true, "yyyy": true}

// format writes an argument for a placeholder: numbers by the language's conventions, anything
// else as fmt does.
func (t *table) format(v any) string {
	switch n := v.(type) {
	case string:
		return n
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return t.printer.Sprint(number.Decimal(n))
	case float32:
		return t.printer.Sprint(number.Decimal(float64(n)))
	case float64:
		return t.printer.Sprint(number.Decimal(n))
	}
	return fmt.Sprint(v)
}

// replace replaces every {name} in s (name: letters, digits, underscores) for which value
// reports true; other braces are kept.
func replace(s string, value func(name string) (string, bool)) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		b.WriteString(s[:i])
		if v, ok := value(name); ok && isName(name) {
			b.WriteString(v)
			s = s[i+j+2:]
		} else {
			b.WriteByte('{')
			s = s[i+1:]
		}
	}
}

// placeholders returns the {name}s of s, in order, without repeats.
func placeholders(s string) []string {
	var names []string
	seen := map[string]bool{}
	replace(s, func(name string) (string, bool) {
		if isName(name) && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		return "", false
	})
	return names
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
