package gdpr

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// citFormat renders citations compactly for table tests:
// `cited text = act refs`, act "-" when bare; a ref is article/paragraph/points
// ("9/2/h", "4/-/12", "9"), "~" marks a range member, "r35" a recital.
func citFormat(text string, cs []Citation) []string {
	var out []string
	for _, c := range cs {
		act := c.Act
		if act == "" {
			act = "-"
		}
		var refs []string
		for _, r := range c.Refs {
			var s string
			if c.Kind == "recital" {
				s = fmt.Sprintf("r%d", r.Recital)
			} else {
				s = fmt.Sprint(r.Article)
				if r.Paragraph != 0 || len(r.Points) > 0 {
					if r.Paragraph != 0 {
						s += fmt.Sprintf("/%d", r.Paragraph)
					} else {
						s += "/-"
					}
					for _, p := range r.Points {
						s += "/" + p
					}
				}
			}
			if r.Range {
				s += "~"
			}
			refs = append(refs, s)
		}
		out = append(out, fmt.Sprintf("%s = %s %s", text[c.Start:c.End], act, strings.Join(refs, " ")))
	}
	return out
}

var citTests = []struct {
	lang, in string
	want     []string
}{
	// A Slovenian sentence ending in a citation keeps its full stop outside.
	{"sl", "Glej uvodna izjava 35. Nato", []string{"uvodna izjava 35 = - r35"}},
	{"sl", "kot določa člen 33.", []string{"člen 33 = - 33"}},
	// Other acts cited after a comma, as Dutch and French write paragraphs.
	{"nl", "volgens artikel 19, lid 1, van de Wet van 30 juli 2018 is", nil},
	{"fr", "selon l'article 7, paragraphe 1, de la loi du 30 juillet 2018", nil},
	{"nl", "zie artikel 9, lid 2, van de AVG", []string{"artikel 9, lid 2, van de AVG = gdpr 9/2"}},
	// English: the forms of content/en/about.md and the quizzes.
	{"en", "special categories of personal data under Article 9 GDPR: processing", []string{"Article 9 GDPR = gdpr 9"}},
	{"en", "unless one of the exceptions in Article 9(2) GDPR applies", []string{"Article 9(2) GDPR = gdpr 9/2"}},
	{"en", "must designate a Data Protection Officer (Article 37 GDPR).", []string{"Article 37 GDPR = gdpr 37"}},
	{"en", "Staff awareness is the first line of defence, and Article 39(1)(b) GDPR names", []string{"Article 39(1)(b) GDPR = gdpr 39/1/b"}},
	{"en", "within 72 hours (Article 33 GDPR), and", []string{"Article 33 GDPR = gdpr 33"}},
	{"en", "that is what the record is for (Article 9(2)(h) GDPR).", []string{"Article 9(2)(h) GDPR = gdpr 9/2/h"}},
	{"en", "Article 4(12) GDPR defines a personal data breach", []string{"Article 4(12) GDPR = gdpr 4/-/12"}},
	{"en", "among the DPO's tasks (Article 39(1)(a) and (b) GDPR).", []string{"Article 39(1)(a) and (b) GDPR = gdpr 39/1/a 39/1/b"}},
	// English: the forms of the official text.
	{"en", "point (a) or (g) of Article 9(2)", []string{"point (a) or (g) of Article 9(2) = - 9/2/a 9/2/g"}},
	{"en", "points (a) to (c) of Article 6(1) GDPR", []string{"points (a) to (c) of Article 6(1) GDPR = gdpr 6/1/a 6/1/b 6/1/c"}},
	{"en", "paragraph 2 of Article 9 of the GDPR", []string{"paragraph 2 of Article 9 of the GDPR = gdpr 9/2"}},
	{"en", "Articles 15 to 22", []string{"Articles 15 to 22 = - 15~ 16~ 17~ 18~ 19~ 20~ 21~ 22~"}},
	{"en", "Articles 13 and 14 GDPR", []string{"Articles 13 and 14 GDPR = gdpr 13 14"}},
	{"en", "Articles 12, 13 and 14", []string{"Articles 12, 13 and 14 = - 12 13 14"}},
	{"en", "see Art. 33.", []string{"Art. 33 = - 33"}},
	{"en", "as recital 71 explains", []string{"recital 71 = - r71"}},
	{"en", "Recitals 39 and 40 of the GDPR", []string{"Recitals 39 and 40 of the GDPR = gdpr r39 r40"}},
	{"en", "Article 9 of Regulation (EU) 2016/679", []string{"Article 9 of Regulation (EU) 2016/679 = gdpr 9"}},
	{"en", "Article 6 of the General Data Protection Regulation", []string{"Article 6 of the General Data Protection Regulation = gdpr 6"}},
	{"en", "Article 100 GDPR", []string{"Article 100 GDPR = gdpr 100"}},
	{"en", "Articles 6(1)(c) and 9(2)(i) GDPR", []string{"Articles 6(1)(c) and 9(2)(i) GDPR = gdpr 6/1/c 9/2/i"}},
	// Slovenian.
	{"sl", "posebne vrste osebnih podatkov po 9. členu Splošne uredbe o varstvu podatkov (GDPR): njihova", []string{"9. členu Splošne uredbe o varstvu podatkov = gdpr 9"}},
	{"sl", "razen če velja katera od izjem iz člena 9(2) GDPR, na primer", []string{"člena 9(2) GDPR = gdpr 9/2"}},
	{"sl", "zato točka (b) člena 39(1) GDPR med nalogami", []string{"točka (b) člena 39(1) GDPR = gdpr 39/1/b"}},
	{"sl", "dokumentacija obstaja (točka (h) člena 9(2) GDPR).", []string{"točka (h) člena 9(2) GDPR = gdpr 9/2/h"}},
	{"sl", "uradno obvestiti nadzorni organ (33. člen Splošne uredbe o varstvu podatkov), kršitev", []string{"33. člen Splošne uredbe o varstvu podatkov = gdpr 33"}},
	{"sl", "58. člena Uredbe (EU) 2016/679", []string{"58. člena Uredbe (EU) 2016/679 = gdpr 58"}},
	{"sl", "točka (a) ali (g) člena 9(2)", []string{"točka (a) ali (g) člena 9(2) = - 9/2/a 9/2/g"}},
	{"sl", "točki (a) in (b) člena 39(1) GDPR", []string{"točki (a) in (b) člena 39(1) GDPR = gdpr 39/1/a 39/1/b"}},
	{"sl", "členov 12 do 15", []string{"členov 12 do 15 = - 12~ 13~ 14~ 15~"}},
	{"sl", "člena 13 in 14 GDPR", []string{"člena 13 in 14 GDPR = gdpr 13 14"}},
	{"sl", "člen 3(2), točka (b)", []string{"člen 3(2), točka (b) = - 3/2/b"}},
	{"sl", "člen 4, točka 11", []string{"člen 4, točka 11 = - 4/-/11"}},
	{"sl", "Člen 4(12) GDPR opredeljuje", []string{"Člen 4(12) GDPR = gdpr 4/-/12"}},
	{"sl", "uvodna izjava 35", []string{"uvodna izjava 35 = - r35"}},
	{"sl", "v uvodni izjavi 35 Splošne uredbe", []string{"uvodni izjavi 35 Splošne uredbe = gdpr r35"}},
	{"sl", "drugega odstavka 9. člena Splošne uredbe", []string{"drugega odstavka 9. člena Splošne uredbe = gdpr 9/2"}},
	{"sl", "11. točka 4. člena GDPR", []string{"11. točka 4. člena GDPR = gdpr 4/-/11"}},
	{"sl", "1. in 2. in 3. in 4. urah", nil},
	{"sl", "13. in 14. člen GDPR", []string{"13. in 14. člen GDPR = gdpr 13 14"}},
	// After its keyword a list stops before an ordinal with a keyword of its own.
	{"sl", "členi 15 do 22 in 58. člen GDPR", []string{"členi 15 do 22 = - 15~ 16~ 17~ 18~ 19~ 20~ 21~ 22~", "58. člen GDPR = gdpr 58"}},
	{"sl", "uvodno izjavo 35 in 58. člen GDPR", []string{"uvodno izjavo 35 = - r35", "58. člen GDPR = gdpr 58"}},
	{"sl", "člena 13 in 14, točka (a) ali (g) člena 9(2)", []string{"člena 13 in 14 = - 13 14", "točka (a) ali (g) člena 9(2) = - 9/2/a 9/2/g"}},
	// Croatian.
	{"hr", "posebne su kategorije osobnih podataka prema članku 9. Opće uredbe o zaštiti podataka (GDPR): njihova", []string{"članku 9. Opće uredbe o zaštiti podataka = gdpr 9"}},
	{"hr", "neka od iznimaka iz članka 9. stavka 2. Opće uredbe o zaštiti podataka, primjerice", []string{"članka 9. stavka 2. Opće uredbe o zaštiti podataka = gdpr 9/2"}},
	{"hr", "a članak 39. stavak 1. točka (b) Opće uredbe o zaštiti podataka izričito", []string{"članak 39. stavak 1. točka (b) Opće uredbe o zaštiti podataka = gdpr 39/1/b"}},
	{"hr", "(članak 9. stavak 2. točka (h) Opće uredbe o zaštiti podataka).", []string{"članak 9. stavak 2. točka (h) Opće uredbe o zaštiti podataka = gdpr 9/2/h"}},
	{"hr", "Članak 4. točka 12. Opće uredbe o zaštiti podataka definira", []string{"Članak 4. točka 12. Opće uredbe o zaštiti podataka = gdpr 4/-/12"}},
	{"hr", "članak 9. stavak 2. točka (a) ili (g)", []string{"članak 9. stavak 2. točka (a) ili (g) = - 9/2/a 9/2/g"}},
	{"hr", "člancima 13. i 14.", []string{"člancima 13. i 14. = - 13 14"}},
	{"hr", "u članku 5. stavku 1. točki (a)", []string{"članku 5. stavku 1. točki (a) = - 5/1/a"}},
	{"hr", "u uvodnoj izjavi 51.", []string{"uvodnoj izjavi 51. = - r51"}},
	{"hr", "članka 6., stavka 1., točke a) Opće uredbe", []string{"članka 6., stavka 1., točke a) Opće uredbe = gdpr 6/1/a"}},
	{"hr", "članci 15. do 22. GDPR-a", []string{"članci 15. do 22. GDPR-a = gdpr 15~ 16~ 17~ 18~ 19~ 20~ 21~ 22~"}},
	{"hr", "članak 39. stavak 1. točke (a) i (b) Opće uredbe o zaštiti podataka", []string{"članak 39. stavak 1. točke (a) i (b) Opće uredbe o zaštiti podataka = gdpr 39/1/a 39/1/b"}},
	// Greek.
	{"el", "ειδικές κατηγορίες δεδομένων προσωπικού χαρακτήρα του άρθρου 9 ΓΚΠΔ: η επεξεργασία", []string{"άρθρου 9 ΓΚΠΔ = gdpr 9"}},
	{"el", "μία από τις εξαιρέσεις του άρθρου 9 παράγραφος 2 ΓΚΠΔ, για παράδειγμα", []string{"άρθρου 9 παράγραφος 2 ΓΚΠΔ = gdpr 9/2"}},
	{"el", "και το άρθρο 39 παράγραφος 1 στοιχείο β) ΓΚΠΔ περιλαμβάνει", []string{"άρθρο 39 παράγραφος 1 στοιχείο β) ΓΚΠΔ = gdpr 39/1/b"}},
	{"el", "(άρθρο 9 παράγραφος 2 στοιχείο η) ΓΚΠΔ).", []string{"άρθρο 9 παράγραφος 2 στοιχείο η) ΓΚΠΔ = gdpr 9/2/h"}},
	{"el", "(άρθρο 5 παράγραφος 1 στοιχείο στ) ΓΚΠΔ)", []string{"άρθρο 5 παράγραφος 1 στοιχείο στ) ΓΚΠΔ = gdpr 5/1/f"}},
	{"el", "άρθρο 9 παράγραφος 2 στοιχείο α) ή ζ)", []string{"άρθρο 9 παράγραφος 2 στοιχείο α) ή ζ) = - 9/2/a 9/2/g"}},
	{"el", "άρθρα 12 έως 15", []string{"άρθρα 12 έως 15 = - 12~ 13~ 14~ 15~"}},
	{"el", "άρθρο 37 παράγραφος 1 στοιχείο γ)", []string{"άρθρο 37 παράγραφος 1 στοιχείο γ) = - 37/1/c"}},
	{"el", "Το άρθρο 4 σημείο 12 ΓΚΠΔ ορίζει", []string{"άρθρο 4 σημείο 12 ΓΚΠΔ = gdpr 4/-/12"}},
	{"el", "άρθρο 9 παράγραφος 1 του ΓΚΠΔ", []string{"άρθρο 9 παράγραφος 1 του ΓΚΠΔ = gdpr 9/1"}},
	{"el", "αιτιολογική σκέψη 71", []string{"αιτιολογική σκέψη 71 = - r71"}},
	{"el", "(άρθρο 39 παράγραφος 1 στοιχεία α) και β) ΓΚΠΔ)", []string{"άρθρο 39 παράγραφος 1 στοιχεία α) και β) ΓΚΠΔ = gdpr 39/1/a 39/1/b"}},
	{"el", "άρθρο 6 του Κανονισμού (ΕΕ) 2016/679", []string{"άρθρο 6 του Κανονισμού (ΕΕ) 2016/679 = gdpr 6"}},
	// Dutch.
	{"nl", "in de zin van artikel 9 van de algemene verordening gegevensbescherming (AVG): de verwerking", []string{"artikel 9 van de algemene verordening gegevensbescherming = gdpr 9"}},
	{"nl", "tenzij een van de uitzonderingen van artikel 9, lid 2, AVG van toepassing is", []string{"artikel 9, lid 2, AVG = gdpr 9/2"}},
	{"nl", "en artikel 39, lid 1, punt b), AVG noemt", []string{"artikel 39, lid 1, punt b), AVG = gdpr 39/1/b"}},
	{"nl", "(artikel 9, lid 2, punt h), AVG).", []string{"artikel 9, lid 2, punt h), AVG = gdpr 9/2/h"}},
	{"nl", "artikel 9, lid 2, punt a) of g)", []string{"artikel 9, lid 2, punt a) of g) = - 9/2/a 9/2/g"}},
	{"nl", "artikel 9, lid 2, onder f)", []string{"artikel 9, lid 2, onder f) = - 9/2/f"}},
	{"nl", "artikelen 15 tot en met 22 AVG", []string{"artikelen 15 tot en met 22 AVG = gdpr 15~ 16~ 17~ 18~ 19~ 20~ 21~ 22~"}},
	{"nl", "artikel 4, punt 11", []string{"artikel 4, punt 11 = - 4/-/11"}},
	{"nl", "overweging 9", []string{"overweging 9 = - r9"}},
	{"nl", "(artikel 39, lid 1, punten a) en b), AVG)", []string{"artikel 39, lid 1, punten a) en b), AVG = gdpr 39/1/a 39/1/b"}},
	{"nl", "artikel 9, tweede lid, AVG", []string{"artikel 9, tweede lid, AVG = gdpr 9/2"}},
	{"nl", "art. 6.1.e) AVG", []string{"art. 6.1.e) AVG = gdpr 6/1/e"}},
	// French.
	{"fr", "au sens de l'article 9 du RGPD : leur traitement", []string{"article 9 du RGPD = gdpr 9"}},
	{"fr", "prévues à l'article 9, paragraphe 2, du RGPD s'applique", []string{"article 9, paragraphe 2, du RGPD = gdpr 9/2"}},
	{"fr", "et l'article 39, paragraphe 1, point b), du RGPD range", []string{"article 39, paragraphe 1, point b), du RGPD = gdpr 39/1/b"}},
	{"fr", "l'article 9, paragraphe 2, point a) ou g)", []string{"article 9, paragraphe 2, point a) ou g) = - 9/2/a 9/2/g"}},
	{"fr", "articles 12 à 15", []string{"articles 12 à 15 = - 12~ 13~ 14~ 15~"}},
	{"fr", "à l’article 37, paragraphe 1, point c)", []string{"article 37, paragraphe 1, point c) = - 37/1/c"}},
	{"fr", "au considérant 71", []string{"considérant 71 = - r71"}},
	{"fr", "articles 13 et 14 du règlement (UE) 2016/679", []string{"articles 13 et 14 du règlement (UE) 2016/679 = gdpr 13 14"}},
	{"fr", "article 6 du règlement général sur la protection des données", []string{"article 6 du règlement général sur la protection des données = gdpr 6"}},
	{"fr", "art. 6.1.a) du RGPD", []string{"art. 6.1.a) du RGPD = gdpr 6/1/a"}},
	{"fr", "(article 39, paragraphe 1, points a) et b), du RGPD)", []string{"article 39, paragraphe 1, points a) et b), du RGPD = gdpr 39/1/a 39/1/b"}},

	// Other acts are left alone.
	{"en", "Article 5 of Directive 2002/58/EC", nil},
	{"en", "Article 5(3) of the ePrivacy Directive", nil},
	{"en", "Article 8 ECHR", nil},
	{"en", "Article 8 of the European Convention on Human Rights", nil},
	{"en", "Article 16 TFEU", nil},
	{"en", "Article 9 of Regulation (EU) 2018/1725", nil},
	{"sl", "7. točke prvega odstavka 49. člena Zakona o varstvu osebnih podatkov", nil},
	{"sl", "49. člena ZVOP-2", nil},
	{"sl", "člena 8 Evropske konvencije o človekovih pravicah", nil},
	{"hr", "Člankom 19., stavkom 1. Zakona o provedbi Opće uredbe o zaštiti podataka", nil},
	{"hr", "članak 19. Zakona o provedbi Opće uredbe o zaštiti podataka", nil},
	{"el", "άρθρο 5 της Οδηγίας 2002/58/ΕΚ", nil},
	{"el", "άρθρο 29 του ν. 4624/2019", nil},
	{"nl", "artikel 8 EVRM", nil},
	{"nl", "artikel 5 van Richtlijn 2002/58/EG", nil},
	{"nl", "artikel 22 van de Uitvoeringswet AVG", nil},
	{"fr", "article 5 de la directive 2002/58/CE", nil},
	{"fr", "article 8 de la CEDH", nil},
	{"fr", "article 9 de la loi du 30 juillet 2018", nil},
	// Numbers that are not citations.
	{"en", "within 72 hours of becoming aware", nil},
	{"en", "Regulation (EU) 2016/679 applies since 2018", nil},
	{"en", "2016/679", nil},
	{"en", "project 2020-1-SI01-KA202-075881", nil},
	{"sl", "v 72 urah", nil},
	{"hr", "u roku od 72 sata", nil},
	{"el", "εντός 72 ωρών", nil},
	{"en", "the article was 9 pages long", nil},
	// A backslash keeps a citation plain, whole.
	{"en", `\Article 9 GDPR and Article 10 GDPR`, []string{"Article 10 GDPR = gdpr 10"}},
	{"sl", `\točka (h) člena 9(2) GDPR`, nil},
	{"fr", `l'\article 9 du RGPD`, nil},
}

func TestFindCitations(t *testing.T) {
	n := map[string]int{}
	for _, tc := range citTests {
		got := citFormat(tc.in, FindCitations(tc.in, tc.lang))
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s %q:\n got %q\nwant %q", tc.lang, tc.in, got, tc.want)
		}
		n[tc.lang]++
	}
	for _, lang := range []string{"en", "sl", "hr", "el", "nl", "fr"} {
		if n[lang] < 10 {
			t.Errorf("only %d table cases for %s", n[lang], lang)
		}
	}
}

// TestCitationsInAbout checks that every citation in the about pages names
// the GDPR and that each page cites the same provisions.
func TestCitationsInAbout(t *testing.T) {
	want := "9 9/2 37 38 39 39/1/b 33"
	for _, lang := range []string{"en", "sl", "hr", "el", "nl", "fr"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "content", lang, "about.md"))
		if err != nil {
			t.Skip(err)
		}
		var refs []string
		for _, c := range FindCitations(string(b), lang) {
			if c.Act != "gdpr" {
				t.Errorf("%s: bare citation %q", lang, b[c.Start:c.End])
			}
			s := citFormat(string(b), []Citation{c})[0]
			refs = append(refs, s[strings.LastIndex(s, " ")+1:])
		}
		if got := strings.Join(refs, " "); got != want {
			t.Errorf("%s: got refs %q, want %q", lang, got, want)
		}
	}
}

func FuzzFindCitations(f *testing.F) {
	for _, tc := range citTests {
		f.Add(tc.in, tc.lang)
	}
	f.Add("Article 9(2)(a) to (z) of Article 4(1)(a)(ii) and 99999 to 1", "en")
	f.Add("\xff\\Art.\x80 9(", "en")
	f.Fuzz(func(t *testing.T, text, lang string) {
		bounds := map[int]bool{len(text): true}
		for i := 0; i < len(text); {
			bounds[i] = true
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
		}
		prev := 0
		for _, c := range FindCitations(text, lang) {
			if c.Start < prev || c.Start >= c.End || c.End > len(text) {
				t.Fatalf("bad offsets %d..%d (previous end %d) in %q", c.Start, c.End, prev, text)
			}
			if !bounds[c.Start] || !bounds[c.End] {
				t.Fatalf("offsets %d..%d not on rune boundaries in %q", c.Start, c.End, text)
			}
			if len(c.Refs) == 0 || c.Kind != "article" && c.Kind != "recital" || c.Act != "" && c.Act != "gdpr" {
				t.Fatalf("bad citation %+v in %q", c, text)
			}
			prev = c.End
		}
	})
}
