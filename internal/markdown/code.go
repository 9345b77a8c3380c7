package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// focusablePre adds tabindex="0" to chroma's <pre>: a scrollable region must be reachable
// from the keyboard (axe: scrollable-region-focusable).
type focusablePre struct{}

func (focusablePre) Start(code bool, styleAttr string) string {
	if code {
		return `<pre tabindex="0"` + styleAttr + `><code>`
	}
	return `<pre tabindex="0"` + styleAttr + `>`
}

func (focusablePre) End(code bool) string {
	if code {
		return `</code></pre>`
	}
	return `</pre>`
}

func chromaOptions() []chromahtml.Option {
	return []chromahtml.Option{
		chromahtml.WithClasses(true), // no style= under the strict CSP
		chromahtml.WithModeClasses(false),
		chromahtml.WithPreWrapper(focusablePre{}),
	}
}

// formatter is shared by all renders: chroma caches a style's CSS classes per formatter, and
// goldmark-highlighting's one-formatter-per-block spent a third of a page's render time
// rebuilding that cache. Format is safe for concurrent use.
var formatter = chromahtml.New(chromaOptions()...)

// lexerNames are chroma's lexer names and aliases, lower-cased. Only these select a lexer:
// lexers.Get would otherwise try the info string as a file name against every lexer's
// globs, which costs milliseconds per block of an unknown language.
var lexerNames = sync.OnceValue(func() map[string]chroma.Lexer {
	m := map[string]chroma.Lexer{}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		cfg := l.Config()
		for _, name := range append([]string{cfg.Name}, cfg.Aliases...) {
			if k := strings.ToLower(name); m[k] == nil {
				m[k] = l
			}
		}
	}
	return m
})

func lexerFor(lang string) chroma.Lexer {
	if l := lexerNames()[strings.ToLower(lang)]; l != nil {
		return lexers.Get(lang) // the registry's own choice among lexers sharing an alias
	}
	return nil
}

// codeRenderer renders code blocks: fenced code in a language chroma knows is highlighted
// with CSS classes; other code is written as plain escaped text in the same kind of <pre>.
// Attributes in the info string ({hl_lines=…}) are ignored: authors do not choose styles.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
	reg.Register(ast.KindCodeBlock, renderCode)
}

func renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang []byte
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		lang = f.Language(src)
	}
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	if len(lang) > 0 {
		if out, ok := highlight(string(lang), code.String()); ok {
			_, _ = w.WriteString(out)
			_ = w.WriteByte('\n')
			return ast.WalkSkipChildren, nil
		}
	}
	_, _ = w.WriteString(`<pre tabindex="0" class="chroma"><code`)
	if len(lang) > 0 {
		_, _ = w.WriteString(` class="language-`)
		html.DefaultWriter.RawWrite(w, lang)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	html.DefaultWriter.RawWrite(w, code.Bytes())
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// highlighted caches chroma's output by language and code. The same snippet often stands in all
// six translations of a page (code is rarely translated), and chroma's regular-expression lexers
// are the costliest part of rendering a page. The cache is bounded so that a huge site cannot
// grow it without limit; past the bound, snippets are highlighted each time.
var (
	highlighted      sync.Map // lang + "\x00" + code → string
	highlightedCount atomic.Int64
)

const maxHighlighted = 8192

func highlight(lang, code string) (string, bool) {
	key := lang + "\x00" + code
	if out, ok := highlighted.Load(key); ok {
		return out.(string), true
	}
	lexer := lexerFor(lang)
	if lexer == nil {
		return "", false
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return "", false
	}
	var out bytes.Buffer
	if formatter.Format(&out, lightStyle, it) != nil {
		return "", false
	}
	if highlightedCount.Add(1) <= maxHighlighted {
		highlighted.Store(key, out.String())
	}
	return out.String(), true
}

// Code styles. GitHub's, with the few colours that fall short of WCAG AA (4.5:1) on their
// background darkened or lightened; TestStyleContrast checks every entry.
var (
	lightStyle = mustStyle(styles.Get("github").Builder().
			Add(chroma.Background, "#1f2328 bg:#f6f8fa").
			Add(chroma.NameBuiltinPseudo, "#57606a").
			Add(chroma.LineNumbers, "#57606a").
			Add(chroma.LineNumbersTable, "#57606a").
			Add(chroma.LineHighlight, "bg:#eef1f4").
			Add(chroma.TextWhitespace, "#57606a").Build())
	darkStyle = mustStyle(styles.Get("github-dark").Builder().
			Add(chroma.LineNumbers, "#8b949e").
			Add(chroma.LineNumbersTable, "#8b949e").
			Add(chroma.LineHighlight, "bg:#1c2128").
			Add(chroma.TextWhitespace, "#8b949e").Build())
)

func mustStyle(s *chroma.Style, err error) *chroma.Style {
	if err != nil {
		panic(err)
	}
	return s
}

// StyleCSS returns the stylesheet for highlighted code: the light style, and the dark one
// for readers whose system prefers a dark colour scheme.
func StyleCSS() []byte {
	// Every class in both themes: a rule the dark theme lacks would otherwise keep the
	// light theme's colour on the dark background.
	f := chromahtml.New(append(chromaOptions(), chromahtml.WithAllClasses(true), chromahtml.WithCSSComments(false))...)
	var b bytes.Buffer
	b.WriteString("/* Code highlighting: chroma styles github (light) and github-dark (dark), adjusted to WCAG AA contrast. */\n")
	if err := f.WriteCSS(&b, lightStyle); err != nil {
		panic(fmt.Sprintf("markdown: chroma CSS: %v", err)) // writes to a bytes.Buffer cannot fail
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	var dark bytes.Buffer
	if err := f.WriteCSS(&dark, darkStyle); err != nil {
		panic(fmt.Sprintf("markdown: chroma CSS: %v", err))
	}
	for _, line := range bytes.SplitAfter(dark.Bytes(), []byte("\n")) {
		if len(line) > 0 {
			b.WriteString("  ")
			b.Write(line)
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}
