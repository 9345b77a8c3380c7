package quizexport

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/securehealth/securehealth/internal/quiz"
)

// QTI namespaces, schema locations and response processing templates.
const (
	qtiNS          = "http://www.imsglobal.org/xsd/imsqti_v2p1"
	qtiSchema      = "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd"
	cpNS           = "http://www.imsglobal.org/xsd/imscp_v1p1"
	cpSchema       = "http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
	xsiNS          = "http://www.w3.org/2001/XMLSchema-instance"
	rpMatchCorrect = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
	rpMapResponse  = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"
)

// zipTime is the modification time of every file in a package, so that two exports of the same
// quiz are byte-identical.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// QTI writes one language of a quiz as an IMS QTI 2.1 content package: a zip holding
// imsmanifest.xml, assessmentTest.xml and items/<id>.xml, one assessmentItem per question.
//
// Every item scores 0–1 in SCORE through a standard response processing template (match_correct,
// or map_response where credit is partial or several answers count); the test weighs items by
// their points and sets PASS from the quiz's pass mark. Texts are rendered by markdown(lang,
// text) (nil: escaped paragraphs) and reduced to the XHTML QTI allows. Feedback and explanations
// need custom response processing and are left out with a warning. Entries are sorted and carry
// a fixed time, so the package is deterministic.
func QTI(w io.Writer, q *quiz.Quiz, lang, defaultLang string, markdown func(lang, text string) string) ([]string, error) {
	if markdown == nil {
		markdown = plainMarkdown
	}
	x := &qtiExport{q: q, lang: lang, def: defaultLang, md: markdown, files: map[string][]byte{}}
	ids := newIDs()
	var refs []qtiRef
	for i := range q.Questions {
		qq := &q.Questions[i]
		id := ids.get(qq.ID)
		item, err := x.item(qq, id)
		if err != nil {
			return x.warn, fmt.Errorf("question %q: %w", qq.ID, err)
		}
		href := "items/" + id + ".xml"
		x.files[href] = item
		refs = append(refs, qtiRef{id: id, href: href, points: qq.Points, graded: qq.Graded()})
	}
	x.files["assessmentTest.xml"] = x.test(refs)
	x.files["imsmanifest.xml"] = x.manifest(refs)
	if len(x.noFeedback) > 0 {
		x.warn.add("QTI: feedback and explanations of %s are left out: the standard response processing templates set only SCORE", quoteList(x.noFeedback))
	}

	zw := zip.NewWriter(w)
	names := make([]string, 0, len(x.files))
	for name := range x.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return x.warn, err
		}
		if _, err := fw.Write(x.files[name]); err != nil {
			return x.warn, err
		}
	}
	return x.warn, zw.Close()
}

type qtiExport struct {
	q          *quiz.Quiz
	lang, def  string
	md         func(lang, text string) string
	files      map[string][]byte
	warn       warnings
	noFeedback []string // questions whose feedback or explanation was left out
}

type qtiRef struct {
	id, href string
	points   float64
	graded   bool
}

// ids turns quiz ids into QTI identifiers (XML names: no leading digit, no spaces), unique in
// their scope.
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

var notIdentChar = regexp.MustCompile(`[^A-Za-z0-9._-]`)

func (s *ids) get(id string) string {
	out := notIdentChar.ReplaceAllString(id, "_")
	if out == "" || !(out[0] == '_' || out[0] >= 'A' && out[0] <= 'Z' || out[0] >= 'a' && out[0] <= 'z') {
		out = "_" + out
	}
	base := out
	for n := 2; s.used[out]; n++ {
		out = fmt.Sprintf("%s_%d", base, n)
	}
	s.used[out] = true
	return out
}

// html renders a text in the export language as QTI XHTML.
func (x *qtiExport) html(t quiz.Text) (string, error) {
	s, in := text(t, x.lang, x.def)
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return qtiXHTML(x.md(in, s))
}

// singleParagraph returns the inline content of XHTML that is one plain paragraph, which can
// become an interaction's <prompt>.
func singleParagraph(s string) (string, bool) {
	inner, ok := strings.CutPrefix(s, "<p>")
	if !ok {
		return "", false
	}
	inner, ok = strings.CutSuffix(inner, "</p>")
	if !ok || strings.Contains(inner, "<p>") || strings.Contains(inner, "</p>") {
		return "", false
	}
	return inner, true
}

func (x *qtiExport) item(q *quiz.Question, id string) ([]byte, error) {
	var b bytes.Buffer
	line := func(depth int, s string) {
		b.WriteString(strings.Repeat("  ", depth) + s + "\n")
	}
	if hasText(q.Explanation) || hasText(q.Feedback.Correct) || hasText(q.Feedback.Incorrect) || slices.ContainsFunc(q.Choices, func(c quiz.Choice) bool { return hasText(c.Feedback) }) {
		x.noFeedback = append(x.noFeedback, q.ID)
	}
	prompt, err := x.html(q.Prompt)
	if err != nil {
		return nil, err
	}
	choice := func(c quiz.Text) (string, error) { return x.html(c) }

	// The prompt: a single paragraph goes into the interaction's <prompt>, anything longer
	// stands before it as blocks (prompt allows only inline content).
	var promptInline, promptBlock string
	if inner, ok := singleParagraph(prompt); ok {
		promptInline = inner
	} else if prompt != "" {
		promptBlock = "<div>" + prompt + "</div>"
	}

	line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	line(0, `<assessmentItem xmlns="`+qtiNS+`" xmlns:xsi="`+xsiNS+`" xsi:schemaLocation="`+qtiSchema+`"`)
	line(1, `identifier="`+id+`" title="`+xmlEscape(q.ID)+`" adaptive="false" timeDependent="false" xml:lang="`+xmlEscape(x.lang)+`">`)

	choiceIDs := newIDs()
	var body []string // item body lines at depth 2
	var template string
	decl := func(card, base string, correct []string) {
		line(1, `<responseDeclaration identifier="RESPONSE" cardinality="`+card+`" baseType="`+base+`">`)
		if len(correct) > 0 {
			line(2, "<correctResponse>")
			for _, v := range correct {
				line(3, "<value>"+xmlEscape(v)+"</value>")
			}
			line(2, "</correctResponse>")
		}
	}
	interaction := func(open string, children []string, close string) {
		if promptBlock != "" {
			body = append(body, promptBlock)
		}
		body = append(body, open)
		if promptInline != "" {
			body = append(body, "  <prompt>"+promptInline+"</prompt>")
		}
		for _, c := range children {
			body = append(body, "  "+c)
		}
		body = append(body, close)
	}

	switch q.Type {
	case quiz.Single, quiz.Multiple, quiz.TrueFalse, quiz.Likert:
		type opt struct{ id, html string }
		var opts []opt
		var correct []string
		maxChoices := "1"
		shuffle := x.q.Settings.Shuffle
		switch q.Type {
		case quiz.TrueFalse:
			labels := trueFalse(x.lang)
			opts = []opt{{"true", xmlEscape(labels[0])}, {"false", xmlEscape(labels[1])}}
			correct = []string{boolText(q.Answer)}
			shuffle = false
		case quiz.Likert:
			scale := q.Scale
			if scale <= 0 {
				scale = 5
			}
			for i := 1; i <= scale; i++ {
				opts = append(opts, opt{fmt.Sprintf("L%d", i), fmt.Sprint(i)})
			}
			shuffle = false
		default:
			for _, c := range q.Choices {
				h, err := choice(c.Text)
				if err != nil {
					return nil, err
				}
				cid := choiceIDs.get(c.ID)
				opts = append(opts, opt{cid, h})
				if c.Correct {
					correct = append(correct, cid)
				}
			}
			if q.Type == quiz.Multiple {
				maxChoices = "0"
			}
		}
		card := "single"
		if q.Type == quiz.Multiple {
			card = "multiple"
		}
		decl(card, "identifier", correct)
		switch {
		case q.Type == quiz.Multiple && q.Scoring == quiz.Partial:
			// A share per correct choice, the same share off per wrong one, 0–1.
			n := len(correct)
			share := 1.0
			if n > 0 {
				share = 1 / float64(n)
			}
			line(2, `<mapping lowerBound="0" upperBound="1" defaultValue="0">`)
			for i, c := range q.Choices {
				v := -share
				if c.Correct {
					v = share
				}
				line(3, `<mapEntry mapKey="`+opts[i].id+`" mappedValue="`+formatNumber(v)+`"/>`)
			}
			line(2, "</mapping>")
			template = rpMapResponse
		case q.Type == quiz.Likert:
		default:
			template = rpMatchCorrect
		}
		line(1, "</responseDeclaration>")
		var kids []string
		for _, o := range opts {
			kids = append(kids, `<simpleChoice identifier="`+o.id+`">`+o.html+`</simpleChoice>`)
		}
		interaction(`<choiceInteraction responseIdentifier="RESPONSE" shuffle="`+boolText(shuffle)+`" maxChoices="`+maxChoices+`">`, kids, "</choiceInteraction>")
	case quiz.Matching:
		var left, right, correct []string
		for _, p := range q.Pairs {
			l, r := choiceIDs.get("L_"+p.ID), choiceIDs.get("R_"+p.ID)
			lh, err := choice(p.Left)
			if err != nil {
				return nil, err
			}
			rh, err := choice(p.Right)
			if err != nil {
				return nil, err
			}
			left = append(left, `  <simpleAssociableChoice identifier="`+l+`" matchMax="1">`+lh+`</simpleAssociableChoice>`)
			right = append(right, `  <simpleAssociableChoice identifier="`+r+`" matchMax="1">`+rh+`</simpleAssociableChoice>`)
			correct = append(correct, l+" "+r)
		}
		decl("multiple", "directedPair", correct)
		// A share of the points per correct pair, as the site scores matching.
		line(2, `<mapping lowerBound="0" upperBound="1" defaultValue="0">`)
		for _, c := range correct {
			line(3, `<mapEntry mapKey="`+xmlEscape(c)+`" mappedValue="`+formatNumber(1/float64(len(correct)))+`"/>`)
		}
		line(2, "</mapping>")
		line(1, "</responseDeclaration>")
		template = rpMapResponse
		kids := append([]string{"<simpleMatchSet>"}, left...)
		kids = append(kids, "</simpleMatchSet>", "<simpleMatchSet>")
		kids = append(kids, right...)
		kids = append(kids, "</simpleMatchSet>")
		// Always shuffled: in document order the answers would stand beside their questions.
		interaction(fmt.Sprintf(`<matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="%d">`, len(q.Pairs)), kids, "</matchInteraction>")
	case quiz.Ordering:
		var kids, correct []string
		for _, it := range q.Items {
			h, err := choice(it.Text)
			if err != nil {
				return nil, err
			}
			cid := choiceIDs.get(it.ID)
			kids = append(kids, `<simpleChoice identifier="`+cid+`">`+h+`</simpleChoice>`)
			correct = append(correct, cid)
		}
		decl("ordered", "identifier", correct)
		line(1, "</responseDeclaration>")
		template = rpMatchCorrect
		// QTI cannot map an ordered response item by item.
		x.warn.addQ(q, "QTI scores ordering all-or-nothing; the site gives each item in its place its share of the points")
		// Always shuffled: in document order the items would be the solution.
		interaction(`<orderInteraction responseIdentifier="RESPONSE" shuffle="true">`, kids, "</orderInteraction>")
	case quiz.Short:
		answers, added := withoutDiacritics(accepted(q, x.lang, x.def))
		var first []string
		if len(answers) > 0 {
			first = answers[:1]
		}
		decl("single", "string", first)
		line(2, `<mapping lowerBound="0" upperBound="1" defaultValue="0">`)
		for _, a := range answers {
			line(3, `<mapEntry mapKey="`+xmlEscape(a)+`" mappedValue="1" caseSensitive="`+boolText(q.CaseSensitive)+`"/>`)
		}
		line(2, "</mapping>")
		line(1, "</responseDeclaration>")
		template = rpMapResponse
		if added {
			x.warn.addQ(q, "QTI compares short answers with their diacritics; answers without diacritics were added, but partly accented spellings are still marked wrong")
		}
		if prompt != "" {
			body = append(body, "<div>"+prompt+"</div>")
		}
		longest := 0
		for _, a := range answers {
			longest = max(longest, len([]rune(a)))
		}
		body = append(body, fmt.Sprintf(`<p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="%d"/></p>`, max(longest+5, 15)))
	case quiz.Essay:
		decl("single", "string", nil)
		line(1, "</responseDeclaration>")
		interaction(`<extendedTextInteraction responseIdentifier="RESPONSE" expectedLines="10">`, nil, "</extendedTextInteraction>")
	default:
		return nil, fmt.Errorf("unknown question type %q", q.Type)
	}
	if q.Type == quiz.Likert || q.Type == quiz.Essay {
		// Ungraded: SCORE stays 0 and the test gives the item weight 0.
		line(1, `<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">`)
	} else {
		line(1, `<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float" normalMaximum="1">`)
	}
	line(2, "<defaultValue>")
	line(3, "<value>0</value>")
	line(2, "</defaultValue>")
	line(1, "</outcomeDeclaration>")
	line(1, "<itemBody>")
	for _, s := range body {
		line(2, s)
	}
	line(1, "</itemBody>")
	if template != "" {
		line(1, `<responseProcessing template="`+template+`"/>`)
	}
	line(0, "</assessmentItem>")
	return b.Bytes(), nil
}

// test writes the assessmentTest: one section with every item, SCORE the points-weighted sum,
// PASS whether SCORE reaches the pass mark.
func (x *qtiExport) test(refs []qtiRef) []byte {
	var b bytes.Buffer
	line := func(depth int, s string) { b.WriteString(strings.Repeat("  ", depth) + s + "\n") }
	title, _ := text(x.q.Title, x.lang, x.def)
	if title == "" {
		title = x.q.ID
	}
	maxScore := 0.0
	for _, r := range refs {
		if r.graded {
			maxScore += r.points
		}
	}
	testID := newIDs().get(x.q.ID)
	line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	line(0, `<assessmentTest xmlns="`+qtiNS+`" xmlns:xsi="`+xsiNS+`" xsi:schemaLocation="`+qtiSchema+`"`)
	line(1, `identifier="`+testID+`" title="`+xmlEscape(oneLine(title))+`">`)
	outcome := func(id, base, value string) {
		line(1, `<outcomeDeclaration identifier="`+id+`" cardinality="single" baseType="`+base+`">`)
		line(2, "<defaultValue>")
		line(3, "<value>"+value+"</value>")
		line(2, "</defaultValue>")
		line(1, "</outcomeDeclaration>")
	}
	outcome("SCORE", "float", "0")
	outcome("MAXSCORE", "float", formatNumber(maxScore))
	outcome("PASS", "boolean", "false")
	line(1, `<testPart identifier="part" navigationMode="nonlinear" submissionMode="simultaneous">`)
	line(2, `<assessmentSection identifier="section" title="`+xmlEscape(oneLine(title))+`" visible="true">`)
	for _, r := range refs {
		weight := 0.0
		if r.graded {
			weight = r.points
		}
		line(3, `<assessmentItemRef identifier="`+r.id+`" href="`+r.href+`">`)
		line(4, `<weight identifier="WEIGHT" value="`+formatNumber(weight)+`"/>`)
		line(3, "</assessmentItemRef>")
	}
	line(2, "</assessmentSection>")
	line(1, "</testPart>")
	line(1, "<outcomeProcessing>")
	line(2, `<setOutcomeValue identifier="SCORE">`)
	line(3, "<sum>")
	line(4, `<testVariables variableIdentifier="SCORE" weightIdentifier="WEIGHT"/>`)
	line(3, "</sum>")
	line(2, "</setOutcomeValue>")
	line(2, `<setOutcomeValue identifier="PASS">`)
	line(3, "<gte>")
	line(4, `<variable identifier="SCORE"/>`)
	line(4, `<baseValue baseType="float">`+formatNumber(maxScore*float64(x.q.PassPercent)/100)+`</baseValue>`)
	line(3, "</gte>")
	line(2, "</setOutcomeValue>")
	line(1, "</outcomeProcessing>")
	line(0, "</assessmentTest>")
	return b.Bytes()
}

func (x *qtiExport) manifest(refs []qtiRef) []byte {
	var b bytes.Buffer
	line := func(depth int, s string) { b.WriteString(strings.Repeat("  ", depth) + s + "\n") }
	id := newIDs().get(x.q.ID)
	line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	line(0, `<manifest xmlns="`+cpNS+`" xmlns:xsi="`+xsiNS+`" xsi:schemaLocation="`+cpSchema+`" identifier="`+id+`-`+xmlEscape(x.lang)+`">`)
	line(1, "<metadata>")
	line(2, "<schema>QTIv2.1 Package</schema>")
	line(2, "<schemaversion>1.0.0</schemaversion>")
	line(1, "</metadata>")
	line(1, "<organizations/>")
	line(1, "<resources>")
	line(2, `<resource identifier="test" type="imsqti_test_xmlv2p1" href="assessmentTest.xml">`)
	line(3, `<file href="assessmentTest.xml"/>`)
	for _, r := range refs {
		line(3, `<dependency identifierref="item-`+r.id+`"/>`)
	}
	line(2, "</resource>")
	for _, r := range refs {
		line(2, `<resource identifier="item-`+r.id+`" type="imsqti_item_xmlv2p1" href="`+r.href+`">`)
		line(3, `<file href="`+r.href+`"/>`)
		line(2, "</resource>")
	}
	line(1, "</resources>")
	line(0, "</manifest>")
	return b.Bytes()
}

func hasText(t quiz.Text) bool {
	for _, s := range t {
		if strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

func quoteList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	if len(q) == 1 {
		return "question " + q[0]
	}
	return "questions " + strings.Join(q, ", ")
}
