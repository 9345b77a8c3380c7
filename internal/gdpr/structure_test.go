package gdpr

import (
	"os"
	"strings"
	"testing"
)

func loadCommittedStructure(t *testing.T) *Structure {
	t.Helper()
	data, err := os.ReadFile(structureFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadStructure(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStructureShape(t *testing.T) {
	s := loadCommittedStructure(t)
	if len(s.Articles) != 99 || len(s.Chapters) != 11 || s.RecitalCount() != 173 {
		t.Fatalf("got %d articles, %d chapters, %d recitals", len(s.Articles), len(s.Chapters), s.RecitalCount())
	}
	for _, a := range s.Articles {
		for _, lang := range structureLangs {
			if a.Title[lang] == "" {
				t.Errorf("Article %d has no %s title", a.Number, lang)
			}
		}
	}
	for _, c := range s.Chapters {
		for _, lang := range structureLangs {
			if c.Title[lang] == "" {
				t.Errorf("chapter %s has no %s title", c.Number, lang)
			}
		}
	}
	if c := s.Chapters[3]; c.Number != "IV" || len(c.Sections) != 5 || c.Sections[3].Articles[0] != 37 {
		t.Errorf("chapter IV: %+v", c)
	}
	if a, ok := s.Article(37); !ok || a.Chapter != "IV" || a.Section != 4 {
		t.Errorf("Article 37: %+v", a)
	}
}

func TestStructureLookups(t *testing.T) {
	s := loadCommittedStructure(t)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Article(0)", ok2(s.Article(0)), false},
		{"Article(99)", ok2(s.Article(99)), true},
		{"Article(100)", ok2(s.Article(100)), false},
		{"Title(9, en)", s.Title(9, "en"), "Processing of special categories of personal data"},
		{"Title(9, el)", s.Title(9, "el"), "Επεξεργασία ειδικών κατηγοριών δεδομένων προσωπικού χαρακτήρα"},
		{"Title(9, de) falls back to en", s.Title(9, "de"), "Processing of special categories of personal data"},
		{"Title(100, en)", s.Title(100, "en"), ""},
		{"ChapterOf(9)", chapterNumberOf(s, 9), "II"},
		{"ChapterOf(37)", chapterNumberOf(s, 37), "IV"},
		{"ChapterOf(99)", chapterNumberOf(s, 99), "XI"},
		{"ChapterOf(100)", chapterNumberOf(s, 100), ""},
		{"HasPoint(9,2,h)", s.HasPoint(9, 2, "h"), true},
		{"HasPoint(9,2,η)", s.HasPoint(9, 2, "η"), true},
		{"HasPoint(9,2,(h))", s.HasPoint(9, 2, "(h)"), true},
		{"HasPoint(9,2,j)", s.HasPoint(9, 2, "j"), true},
		{"HasPoint(9,2,z)", s.HasPoint(9, 2, "z"), false},
		{"HasPoint(9,1,a)", s.HasPoint(9, 1, "a"), false},
		{"HasPoint(9,5,a)", s.HasPoint(9, 5, "a"), false},
		{"HasPoint(6,1,f)", s.HasPoint(6, 1, "f"), true},
		{"HasPoint(14,2,d)", s.HasPoint(14, 2, "d"), true}, // printed (c) twice in sl
		{"HasPoint(53,1,a): indents have no anchor", s.HasPoint(53, 1, "a"), false},
		{"HasPoint(4,0,26)", s.HasPoint(4, 0, "26"), true},
		{"HasPoint(4,0,27)", s.HasPoint(4, 0, "27"), false},
		{"HasPoint(4,0,16-a)", s.HasPoint(4, 0, "16-a"), true},
		{"HasPoint(4,0,(16)(b))", s.HasPoint(4, 0, "(16)(b)"), true},
		{"HasPoint(4,16,a): Article 4(16)(a)", s.HasPoint(4, 16, "a"), true},
		{"HasPoint(4,22,c)", s.HasPoint(4, 22, "c"), true},
		{"HasPoint(4,12,a)", s.HasPoint(4, 12, "a"), false},
		{"HasPoint(4,16,)", s.HasPoint(4, 16, ""), false},
		{"HasDefinition(12)", s.HasDefinition(12), true},
		{"HasDefinition(26)", s.HasDefinition(26), true},
		{"HasDefinition(27)", s.HasDefinition(27), false},
		{"HasDefinition(0)", s.HasDefinition(0), false},
		{"HasParagraph(4,12): Article 4(12)", s.HasParagraph(4, 12), true},
		{"HasParagraph(4,27)", s.HasParagraph(4, 27), false},
		{"HasParagraph(4,0)", s.HasParagraph(4, 0), true},
		{"HasParagraph(9,2)", s.HasParagraph(9, 2), true},
		{"HasParagraph(9,4)", s.HasParagraph(9, 4), true},
		{"HasParagraph(9,5)", s.HasParagraph(9, 5), false},
		{"HasParagraph(9,0)", s.HasParagraph(9, 0), false},
		{"HasParagraph(100,1)", s.HasParagraph(100, 1), false},
		{"HasRecital(173)", s.HasRecital(173), true},
		{"HasRecital(174)", s.HasRecital(174), false},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func ok2(_ *StructArticle, ok bool) bool { return ok }

func chapterNumberOf(s *Structure, n int) string {
	c, ok := s.ChapterOf(n)
	if !ok {
		return ""
	}
	return c.Number
}

func TestLoadStructureErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"not yaml", "articles: [", "GDPR structure"},
		{"unknown field", "recitals: 1\nbogus: 2\n", "bogus"},
		{"gap", "articles:\n  - {number: 2, chapter: I, title: {en: x}, paragraphs: 1}\n", "numbered 2"},
		{"no title", "articles:\n  - {number: 1, chapter: I, title: {sl: x}, paragraphs: 1}\n", "no English title"},
		{"orphan", "articles:\n  - {number: 1, chapter: I, title: {en: x}, paragraphs: 1}\n", "in no chapter"},
		{"missing article", "chapters:\n  - {number: I, title: {en: x}, articles: [2]}\n", "does not exist"},
		{"wrong chapter", "chapters:\n  - {number: II, title: {en: x}, articles: [1]}\narticles:\n  - {number: 1, chapter: I, title: {en: x}, paragraphs: 1}\n", `names chapter "I"`},
	}
	for _, tc := range tests {
		_, err := LoadStructure([]byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func TestStructureNil(t *testing.T) {
	var s *Structure
	if _, ok := s.Article(1); ok || s.RecitalCount() != 0 || s.Title(1, "en") != "" || s.HasPoint(9, 2, "h") {
		t.Error("nil Structure should find nothing")
	}
	if _, ok := s.ChapterOf(1); ok {
		t.Error("nil ChapterOf")
	}
}

func TestStructureAnchorExists(t *testing.T) {
	s := loadCommittedStructure(t)
	for _, tc := range []struct {
		ref    CitRef
		anchor string
		exists bool
	}{
		{CitRef{Article: 9}, "", true},
		{CitRef{Article: 9, Paragraph: 2}, "p2", true},
		{CitRef{Article: 9, Paragraph: 2, Points: []string{"h"}}, "p2-h", true},
		{CitRef{Article: 9, Paragraph: 2, Points: []string{"z"}}, "p2", false},
		{CitRef{Article: 4, Paragraph: 12}, "p0-12", true},
		{CitRef{Article: 4, Paragraph: 16, Points: []string{"a"}}, "p0-16-a", true},
		{CitRef{Article: 4, Paragraph: 27}, "", false},
		{CitRef{Article: 100}, "", false},
		{CitRef{Article: 33, Paragraph: 9}, "", false},
		{CitRef{Recital: 173}, "", true},
		{CitRef{Recital: 174}, "", false},
	} {
		if got := s.Anchor(tc.ref); got != tc.anchor {
			t.Errorf("Anchor(%+v) = %q, want %q", tc.ref, got, tc.anchor)
		}
		if got := s.Exists(tc.ref); got != tc.exists {
			t.Errorf("Exists(%+v) = %v, want %v", tc.ref, got, tc.exists)
		}
	}
}

func TestGreekLabel(t *testing.T) {
	for _, a := range []string{"a", "e", "f", "h", "i", "j", "k", "p", "t", "u", "z"} {
		if got := LabelAnchor(GreekLabel(a)); got != a {
			t.Errorf("LabelAnchor(GreekLabel(%q)) = %q (label %q)", a, got, GreekLabel(a))
		}
	}
	if GreekLabel("h") != "η" || GreekLabel("f") != "στ" || GreekLabel("12") != "12" {
		t.Errorf("GreekLabel: h=%q f=%q 12=%q", GreekLabel("h"), GreekLabel("f"), GreekLabel("12"))
	}
}
