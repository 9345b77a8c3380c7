package pipeline

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/source"
)

// QuizSuffix ends every quiz file; <id>.<lang>.quiz.json is a translator's overlay.
const QuizSuffix = ".quiz.json"

// loadQuizzes parses content/quizzes/: every quiz, then the overlays of each, in parallel.
func loadQuizzes(fsys fs.FS, files []source.File, cfg *config.Config, diags *diag.List) map[string]*quiz.Quiz {
	var langs []string
	for _, l := range cfg.Languages {
		langs = append(langs, l.Code)
	}
	type overlay struct {
		file source.File
		id   string
		lang string
	}
	var mains []source.File
	var overlays []overlay
	for _, f := range files {
		if f.Kind != source.Quiz {
			continue
		}
		name, ok := strings.CutSuffix(f.Rel, QuizSuffix)
		if !ok || strings.Contains(f.Rel, "/") {
			diags.Errorf(diag.Pos{File: f.Path}, "content/quizzes/ holds only <id>.quiz.json files and their <id>.<lang>.quiz.json overlays",
				"not a quiz file")
			continue
		}
		id, lang, isOverlay := strings.Cut(name, ".")
		if isOverlay {
			if cfg.Language(lang) == nil {
				diags.Errorf(diag.Pos{File: f.Path}, "name it <id>.<lang>.quiz.json with a configured language: "+strings.Join(langs, ", "),
					"overlay for unknown language %q", lang)
				continue
			}
			if lang == cfg.DefaultLanguage {
				diags.Errorf(diag.Pos{File: f.Path}, "put "+lang+" texts in "+id+QuizSuffix+" itself",
					"overlay for the default language %s", lang)
				continue
			}
			overlays = append(overlays, overlay{f, id, lang})
			continue
		}
		mains = append(mains, f)
	}

	quizzes := map[string]*quiz.Quiz{}
	var mu sync.Mutex
	parallel(len(mains), func(i int) {
		f := mains[i]
		var local diag.List
		src, err := fs.ReadFile(fsys, f.Path)
		var q *quiz.Quiz
		if err != nil {
			local.Errorf(diag.Pos{File: f.Path}, "", "cannot read: %v", err)
		} else {
			q = quiz.Parse(f.Path, src, cfg.DefaultLanguage, langs, &local)
		}
		mu.Lock()
		defer mu.Unlock()
		diags.Add(local)
		if q != nil {
			quizzes[q.ID] = q
		}
	})
	// Overlays one quiz at a time: they fill in the quiz's texts.
	sort.Slice(overlays, func(i, j int) bool { return overlays[i].file.Path < overlays[j].file.Path })
	for _, o := range overlays {
		q := quizzes[o.id]
		if q == nil {
			diags.Errorf(diag.Pos{File: o.file.Path}, "name it after its quiz: "+o.id+QuizSuffix+" must exist",
				"overlay of unknown quiz %q", o.id)
			continue
		}
		src, err := fs.ReadFile(fsys, o.file.Path)
		if err != nil {
			diags.Errorf(diag.Pos{File: o.file.Path}, "", "cannot read: %v", err)
			continue
		}
		quiz.ParseOverlay(o.file.Path, src, q, o.lang, diags)
	}
	return quizzes
}

// quizPages makes the page of every quiz in one language, at <lang>/quizzes/<id>/.
func quizPages(quizzes map[string]*quiz.Quiz, lang, def string) []*site.Page {
	ids := make([]string, 0, len(quizzes))
	for id := range quizzes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var pages []*site.Page
	for _, id := range ids {
		q := quizzes[id]
		title, _ := q.Title.In(lang, def)
		p := &site.Page{
			Lang: lang, Source: q.Source, Rel: path.Join(source.QuizzesDir, id+".md"), Key: "quiz:" + id,
			FM:   frontmatter.FrontMatter{Title: title, Type: frontmatter.TypeQuiz, Quiz: id},
			Hash: q.Hash(),
		}
		if lang != def {
			p.TextsMissing = q.Missing(lang)
			p.TextsOutdated = q.Outdated(lang)
		}
		pages = append(pages, p)
	}
	return pages
}

// checkQuizRefs reports pages whose front matter names a quiz that does not exist.
func checkQuizRefs(s *site.Site, quizzes map[string]*quiz.Quiz, diags *diag.List) {
	for _, l := range s.Languages {
		for _, p := range l.Pages {
			if p.FM.Quiz == "" || p.FM.Type == frontmatter.TypeQuiz || p.IsFallback() || quizzes[p.FM.Quiz] != nil {
				continue
			}
			pos := p.FM.Pos["quiz"]
			if pos.File == "" {
				pos = diag.Pos{File: p.Source}
			}
			diags.Errorf(pos, "name a quiz of content/quizzes/ ("+quizList(quizzes)+")", "unknown quiz %q", p.FM.Quiz)
		}
	}
}

func quizList(quizzes map[string]*quiz.Quiz) string {
	if len(quizzes) == 0 {
		return "there are none yet: securehealth new quiz ID makes one"
	}
	ids := make([]string, 0, len(quizzes))
	for id := range quizzes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) > 8 {
		ids = append(ids[:8], "…")
	}
	return strings.Join(ids, ", ")
}
