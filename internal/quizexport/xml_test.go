package quizexport

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/quiz"
)

// wellFormed reads every token of data with a strict decoder.
func wellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

type mText struct {
	Format string `xml:"format,attr"`
	Text   string `xml:"text"`
}

type mAnswer struct {
	Fraction string `xml:"fraction,attr"`
	Text     string `xml:"text"`
	Feedback mText  `xml:"feedback"`
}

type mQuestion struct {
	Type         string    `xml:"type,attr"`
	Category     string    `xml:"category>text"`
	Name         string    `xml:"name>text"`
	IDNumber     string    `xml:"idnumber"`
	QuestionText mText     `xml:"questiontext"`
	General      mText     `xml:"generalfeedback"`
	DefaultGrade string    `xml:"defaultgrade"`
	Single       string    `xml:"single"`
	Shuffle      string    `xml:"shuffleanswers"`
	UseCase      string    `xml:"usecase"`
	Correct      mText     `xml:"correctfeedback"`
	Incorrect    mText     `xml:"incorrectfeedback"`
	GradingType  string    `xml:"gradingtype"`
	Answers      []mAnswer `xml:"answer"`
	Sub          []struct {
		Text   string `xml:"text"`
		Answer string `xml:"answer>text"`
	} `xml:"subquestion"`
}

// TestMoodleXML reads the export back and compares identifiers, answer keys and texts with the
// quiz; the Slovenian texts must stand in lang="sl" spans.
func TestMoodleXML(t *testing.T) {
	src := testQuiz()
	data, _ := exportMoodleXML(t, src)
	wellFormed(t, "moodle.xml", data)
	var doc struct {
		Questions []mQuestion `xml:"question"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Questions) == 0 || doc.Questions[0].Type != "category" || doc.Questions[0].Category != "$course$/top/Personal data breaches" {
		t.Fatalf("first question must be the category, got %+v", doc.Questions[0])
	}
	got := map[string]mQuestion{}
	for _, q := range doc.Questions[1:] {
		if q.Name != q.IDNumber {
			t.Errorf("name %q, idnumber %q", q.Name, q.IDNumber)
		}
		got[q.Name] = q
	}
	span := func(lang, html string) string {
		return `<span lang="` + lang + `" class="multilang">` + html + `</span>`
	}
	for _, q := range src.Questions {
		g, ok := got[q.ID]
		if q.Type == quiz.Likert {
			if ok {
				t.Errorf("%s: Likert question exported", q.ID)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: missing", q.ID)
			continue
		}
		if g.QuestionText.Format != "html" {
			t.Errorf("%s: questiontext format %q", q.ID, g.QuestionText.Format)
		}
		for _, lang := range langs {
			s, in := text(q.Prompt, lang, "en")
			if want := span(lang, strings.TrimSpace(md(in, s))); !strings.Contains(g.QuestionText.Text, want) {
				t.Errorf("%s: questiontext %q lacks %q", q.ID, g.QuestionText.Text, want)
			}
		}
		if grade, _ := strconv.ParseFloat(g.DefaultGrade, 64); grade != q.Points {
			t.Errorf("%s: defaultgrade %s, want %v", q.ID, g.DefaultGrade, q.Points)
		}
		switch q.Type {
		case quiz.Single, quiz.Multiple:
			if g.Type != "multichoice" || len(g.Answers) != len(q.Choices) {
				t.Fatalf("%s: %s with %d answers", q.ID, g.Type, len(g.Answers))
			}
			if want := strconv.FormatBool(q.Type == quiz.Single); g.Single != want {
				t.Errorf("%s: single %q, want %q", q.ID, g.Single, want)
			}
			if g.Shuffle != "true" {
				t.Errorf("%s: shuffleanswers %q", q.ID, g.Shuffle)
			}
			sum := 0.0
			for i, c := range q.Choices {
				f, err := strconv.ParseFloat(g.Answers[i].Fraction, 64)
				if err != nil {
					t.Fatal(err)
				}
				if (f > 0) != c.Correct {
					t.Errorf("%s/%s: fraction %v, correct %v", q.ID, c.ID, f, c.Correct)
				}
				if q.Type == quiz.Single && c.Correct && f != 100 {
					t.Errorf("%s/%s: fraction %v", q.ID, c.ID, f)
				}
				if f > 0 {
					sum += f
				}
				if fb := c.Feedback["sl"]; fb != "" && !strings.Contains(g.Answers[i].Feedback.Text, span("sl", strings.TrimSpace(md("sl", fb)))) {
					t.Errorf("%s/%s: feedback %q lacks the Slovenian text", q.ID, c.ID, g.Answers[i].Feedback.Text)
				}
			}
			if sum < 99.995 || sum > 100.005 {
				t.Errorf("%s: positive fractions add up to %v", q.ID, sum)
			}
		case quiz.TrueFalse:
			if g.Type != "truefalse" || len(g.Answers) != 2 {
				t.Fatalf("%s: %s with %d answers", q.ID, g.Type, len(g.Answers))
			}
			for _, a := range g.Answers {
				isRight := a.Text == strconv.FormatBool(q.Answer)
				if (a.Fraction == "100") != isRight {
					t.Errorf("%s: answer %s has fraction %s", q.ID, a.Text, a.Fraction)
				}
			}
		case quiz.Matching:
			if g.Type != "matching" || len(g.Sub) != len(q.Pairs) {
				t.Fatalf("%s: %s with %d subquestions", q.ID, g.Type, len(g.Sub))
			}
			for i, p := range q.Pairs {
				right := span("en", p.Right["en"]) + span("sl", p.Right["sl"])
				if g.Sub[i].Answer != right {
					t.Errorf("%s/%s: answer %q, want %q", q.ID, p.ID, g.Sub[i].Answer, right)
				}
			}
			if g.Shuffle != "true" {
				t.Errorf("%s: matching must shuffle", q.ID)
			}
		case quiz.Ordering:
			if g.Type != "ordering" || len(g.Answers) != len(q.Items) {
				t.Fatalf("%s: %s with %d answers", q.ID, g.Type, len(g.Answers))
			}
			for i, it := range q.Items {
				if g.Answers[i].Fraction != strconv.Itoa(i+1) || !strings.Contains(g.Answers[i].Text, it.Text["sl"]) {
					t.Errorf("%s/%s: answer %+v", q.ID, it.ID, g.Answers[i])
				}
			}
		case quiz.Short:
			if g.Type != "shortanswer" || g.UseCase != "0" {
				t.Fatalf("%s: %s usecase %s", q.ID, g.Type, g.UseCase)
			}
			answers := map[string]string{}
			for _, a := range g.Answers {
				answers[a.Text] = a.Fraction
			}
			for _, lang := range langs {
				for _, a := range accepted(&q, lang, "en") {
					if answers[a] != "100" || answers[stripMarks(a)] != "100" {
						t.Errorf("%s: answer %q missing or without its variant: %v", q.ID, a, answers)
					}
				}
			}
			if answers["*"] != "0" {
				t.Errorf("%s: no 0%% wildcard for the wrong-answer feedback", q.ID)
			}
		case quiz.Essay:
			if g.Type != "essay" {
				t.Errorf("%s: %s", q.ID, g.Type)
			}
		}
	}
}

// TestMoodleXMLSameTextNoSpans: a text that reads the same in every language needs no spans.
func TestMoodleXMLSameTextNoSpans(t *testing.T) {
	data, _ := exportMoodleXML(t, testQuiz())
	if !bytes.Contains(data, []byte("<text><![CDATA[<p>72</p>]]></text>")) {
		t.Error(`choice "72" (English only) should be one plain paragraph`)
	}
}

// TestMoodleXMLCDATA: a text holding "]]>" still gives well-formed XML with the text intact.
func TestMoodleXMLCDATA(t *testing.T) {
	q := &quiz.Quiz{ID: "x", Questions: []quiz.Question{{ID: "q", Type: quiz.Essay,
		Prompt: quiz.Text{"en": "a ]]> b <span>c</span> \x01"}}}}
	var b bytes.Buffer
	if _, err := MoodleXML(&b, q, []string{"en"}, "en", nil); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "moodle.xml", b.Bytes())
	var doc struct {
		Q []mQuestion `xml:"question"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Q[1].QuestionText.Text; got != "<p>a ]]&gt; b &lt;span&gt;c&lt;/span&gt; </p>" {
		t.Errorf("questiontext %q", got)
	}
}

type qtiItem struct {
	Identifier string `xml:"identifier,attr"`
	Lang       string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Response   struct {
		Cardinality string   `xml:"cardinality,attr"`
		BaseType    string   `xml:"baseType,attr"`
		Correct     []string `xml:"correctResponse>value"`
		Mapping     []struct {
			Key           string `xml:"mapKey,attr"`
			Value         string `xml:"mappedValue,attr"`
			CaseSensitive string `xml:"caseSensitive,attr"`
		} `xml:"mapping>mapEntry"`
	} `xml:"responseDeclaration"`
	Outcome struct {
		Identifier string `xml:"identifier,attr"`
	} `xml:"outcomeDeclaration"`
	Body struct {
		Inner    string          `xml:",innerxml"`
		Choice   *qtiInteraction `xml:"choiceInteraction"`
		Match    *qtiInteraction `xml:"matchInteraction"`
		Order    *qtiInteraction `xml:"orderInteraction"`
		Extended *qtiInteraction `xml:"extendedTextInteraction"`
		Entry    *qtiInteraction `xml:"p>textEntryInteraction"`
	} `xml:"itemBody"`
	Processing struct {
		Template string `xml:"template,attr"`
	} `xml:"responseProcessing"`
}

type qtiInteraction struct {
	MaxChoices string `xml:"maxChoices,attr"`
	Shuffle    string `xml:"shuffle,attr"`
	Choices    []struct {
		Identifier string `xml:"identifier,attr"`
		Inner      string `xml:",innerxml"`
	} `xml:"simpleChoice"`
	Sets []struct {
		Choices []struct {
			Identifier string `xml:"identifier,attr"`
		} `xml:"simpleAssociableChoice"`
	} `xml:"simpleMatchSet"`
}

// TestQTI reads every file of each language's package: well-formed, listed in the manifest,
// and each item's identifiers and correct response those of the quiz.
func TestQTI(t *testing.T) {
	src := testQuiz()
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			data, _ := exportQTI(t, src, lang)
			names, files := unzip(t, data)
			for _, n := range names {
				wellFormed(t, n, files[n])
			}
			var manifest struct {
				Resources []struct {
					Identifier string `xml:"identifier,attr"`
					Type       string `xml:"type,attr"`
					Href       string `xml:"href,attr"`
				} `xml:"resources>resource"`
			}
			if err := xml.Unmarshal(files["imsmanifest.xml"], &manifest); err != nil {
				t.Fatal(err)
			}
			hrefs := map[string]string{}
			for _, r := range manifest.Resources {
				hrefs[r.Href] = r.Type
				if _, ok := files[r.Href]; !ok {
					t.Errorf("manifest lists %s, which the package lacks", r.Href)
				}
			}
			if hrefs["assessmentTest.xml"] != "imsqti_test_xmlv2p1" {
				t.Errorf("test resource: %v", hrefs)
			}
			var test struct {
				Refs []struct {
					Identifier string `xml:"identifier,attr"`
					Href       string `xml:"href,attr"`
					Weight     struct {
						Value string `xml:"value,attr"`
					} `xml:"weight"`
				} `xml:"testPart>assessmentSection>assessmentItemRef"`
			}
			if err := xml.Unmarshal(files["assessmentTest.xml"], &test); err != nil {
				t.Fatal(err)
			}
			if len(test.Refs) != len(src.Questions) {
				t.Fatalf("test has %d items, want %d", len(test.Refs), len(src.Questions))
			}
			for i, q := range src.Questions {
				ref := test.Refs[i]
				if ref.Identifier != q.ID || hrefs[ref.Href] != "imsqti_item_xmlv2p1" {
					t.Errorf("item ref %+v for %s", ref, q.ID)
				}
				wantWeight := "0"
				if q.Graded() {
					wantWeight = formatNumber(q.Points)
				}
				if ref.Weight.Value != wantWeight {
					t.Errorf("%s: weight %s, want %s", q.ID, ref.Weight.Value, wantWeight)
				}
				var item qtiItem
				if err := xml.Unmarshal(files[ref.Href], &item); err != nil {
					t.Fatal(err)
				}
				checkQTIItem(t, &q, &item, lang)
			}
		})
	}
}

func checkQTIItem(t *testing.T, q *quiz.Question, item *qtiItem, lang string) {
	t.Helper()
	if item.Identifier != q.ID || item.Lang != lang || item.Outcome.Identifier != "SCORE" {
		t.Errorf("%s: item %s lang %s outcome %s", q.ID, item.Identifier, item.Lang, item.Outcome.Identifier)
	}
	prompt, _ := text(q.Prompt, lang, "en")
	if !strings.Contains(item.Body.Inner, xmlEscape(prompt)) {
		t.Errorf("%s: item body lacks the %s prompt %q:\n%s", q.ID, lang, prompt, item.Body.Inner)
	}
	r := item.Response
	ids := newIDs()
	switch q.Type {
	case quiz.Single, quiz.Multiple:
		in := item.Body.Choice
		if in == nil || len(in.Choices) != len(q.Choices) {
			t.Fatalf("%s: choiceInteraction %+v", q.ID, in)
		}
		var want []string
		for i, c := range q.Choices {
			id := ids.get(c.ID)
			if in.Choices[i].Identifier != id {
				t.Errorf("%s: choice %d identifier %s, want %s", q.ID, i, in.Choices[i].Identifier, id)
			}
			if c.Correct {
				want = append(want, id)
			}
		}
		if !slices.Equal(r.Correct, want) {
			t.Errorf("%s: correct %v, want %v", q.ID, r.Correct, want)
		}
		wantMax, wantCard := "1", "single"
		if q.Type == quiz.Multiple {
			wantMax, wantCard = "0", "multiple"
		}
		if in.MaxChoices != wantMax || r.Cardinality != wantCard || r.BaseType != "identifier" {
			t.Errorf("%s: maxChoices %s cardinality %s", q.ID, in.MaxChoices, r.Cardinality)
		}
		wantTemplate := rpMatchCorrect
		if q.Scoring == quiz.Partial {
			wantTemplate = rpMapResponse
			if len(r.Mapping) != len(q.Choices) {
				t.Errorf("%s: mapping %+v", q.ID, r.Mapping)
			}
		}
		if item.Processing.Template != wantTemplate {
			t.Errorf("%s: template %s", q.ID, item.Processing.Template)
		}
	case quiz.TrueFalse:
		if !slices.Equal(r.Correct, []string{strconv.FormatBool(q.Answer)}) || item.Body.Choice == nil || len(item.Body.Choice.Choices) != 2 {
			t.Errorf("%s: correct %v", q.ID, r.Correct)
		}
		if lang == "sl" && !strings.Contains(item.Body.Inner, "Ne drži") {
			t.Errorf("%s: Slovenian labels missing", q.ID)
		}
	case quiz.Matching:
		in := item.Body.Match
		if in == nil || len(in.Sets) != 2 || in.Shuffle != "true" {
			t.Fatalf("%s: matchInteraction %+v", q.ID, in)
		}
		var want []string
		for i, p := range q.Pairs {
			l, rr := ids.get("L_"+p.ID), ids.get("R_"+p.ID)
			want = append(want, l+" "+rr)
			if in.Sets[0].Choices[i].Identifier != l || in.Sets[1].Choices[i].Identifier != rr {
				t.Errorf("%s: pair %d identifiers", q.ID, i)
			}
		}
		if !slices.Equal(r.Correct, want) || r.BaseType != "directedPair" {
			t.Errorf("%s: correct %v, want %v", q.ID, r.Correct, want)
		}
	case quiz.Ordering:
		in := item.Body.Order
		if in == nil || in.Shuffle != "true" {
			t.Fatalf("%s: orderInteraction %+v", q.ID, in)
		}
		var want []string
		for _, it := range q.Items {
			want = append(want, ids.get(it.ID))
		}
		if !slices.Equal(r.Correct, want) || r.Cardinality != "ordered" {
			t.Errorf("%s: correct %v, want %v", q.ID, r.Correct, want)
		}
	case quiz.Short:
		if item.Body.Entry == nil || r.BaseType != "string" || item.Processing.Template != rpMapResponse {
			t.Fatalf("%s: textEntryInteraction missing or not string/map_response", q.ID)
		}
		keys := map[string]bool{}
		for _, m := range r.Mapping {
			keys[m.Key] = true
			if m.CaseSensitive != strconv.FormatBool(q.CaseSensitive) || m.Value != "1" {
				t.Errorf("%s: mapEntry %+v", q.ID, m)
			}
		}
		acc := accepted(q, lang, "en")
		for _, a := range acc {
			if !keys[a] || !keys[stripMarks(a)] {
				t.Errorf("%s: mapping lacks %q or its variant: %v", q.ID, a, keys)
			}
		}
		if len(r.Correct) != 1 || r.Correct[0] != acc[0] {
			t.Errorf("%s: correct %v", q.ID, r.Correct)
		}
	case quiz.Essay:
		if item.Body.Extended == nil || len(r.Correct) != 0 || item.Processing.Template != "" {
			t.Errorf("%s: essay item %+v", q.ID, item)
		}
	case quiz.Likert:
		in := item.Body.Choice
		if in == nil || len(in.Choices) != q.Scale || len(r.Correct) != 0 || item.Processing.Template != "" {
			t.Errorf("%s: likert item %+v", q.ID, item)
		}
	}
}

func TestQTIIdentifiers(t *testing.T) {
	ids := newIDs()
	for _, tt := range []struct{ in, want string }{
		{"q1", "q1"}, {"1", "_1"}, {"a b", "a_b"}, {"a_b", "a_b_2"}, {"č", "_"}, {"", "__2"}, {"q1", "q1_2"},
	} {
		if got := ids.get(tt.in); got != tt.want {
			t.Errorf("get(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQTIXHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>a<br>b</p>", "<p>a<br/>b</p>"},
		{"<p>&nbsp;&amp;&lt;</p>", "<p>\u00a0&amp;&lt;</p>"},
		{`<h2 id="x">T</h2>`, "<h2>T</h2>"},
		{`<p><a href="https://e.eu/?a=1&b=2" rel="noopener" title="t">l</a></p>`, `<p><a href="https://e.eu/?a=1&amp;b=2">l</a></p>`},
		{`<p><img src="x.png"></p>`, `<p><img src="x.png" alt=""/></p>`},
		{`<ul><li><input type="checkbox" checked disabled> task</li></ul>`, `<ul><li> task</li></ul>`},
		{`<p><del>old</del> <mark>new</mark></p>`, `<p>old new</p>`},
		{`<script>alert(1)</script><p lang="sl">x</p>`, `<p xml:lang="sl">x</p>`},
		{`<p>unclosed <em>em</p>`, `<p>unclosed <em>em</em></p>`},
		{`<table><thead><tr><th align="left">h</th></tr></thead></table>`, `<table><thead><tr><th>h</th></tr></thead></table>`},
	}
	for _, tt := range tests {
		got, err := qtiXHTML(tt.in)
		if err != nil {
			t.Errorf("qtiXHTML(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("qtiXHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzQTIXHTML(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<br>", "<p><b>x</p>", "&nbsp;", "<a href=x>y", "</p>", "<![CDATA[x]]>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := qtiXHTML(s)
		if err != nil {
			return // the export reports it
		}
		d := xml.NewDecoder(strings.NewReader("<div>" + got + "</div>"))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatalf("qtiXHTML(%q) = %q: %v", s, got, err)
			}
		}
	})
}
