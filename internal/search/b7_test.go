package search

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"unicode/utf8"
)

var b7Cases = [][]byte{
	nil, {0}, {0xff}, {0, 0}, {'"'}, {'\\', '\\', '\\'}, {'\n', '\r', 0, '"', '\\', 0xff, 0x80, 1},
	[]byte("SHSearch"), bytes.Repeat([]byte{0}, 15), bytes.Repeat([]byte{0xff}, 16),
	// each unsafe value as the last group: 7 bytes make 8 whole groups
	{0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, '\n'}, {0, 0, 0, 0, 0, 0, 0x5c},
	// …and a last group of padding bits after an unsafe one
	{1, 0}, {0x44, 0},
}

// TestB7: the encoding decodes to the bytes, takes 8/7 of their length (the few unsafe groups
// cost nothing more but at the end), and is valid UTF-8 that a double-quoted JavaScript string
// can hold as it is.
func TestB7(t *testing.T) {
	for _, b := range b7Cases {
		checkB7(t, b)
	}
	if _, err := decodeB7("abc\"d"); err == nil {
		t.Error(`decodeB7 took a quotation mark`)
	}
	if _, err := decodeB7(string(rune(0x100+5<<7)) + "a"); err == nil {
		t.Error("decodeB7 took a last-group character before the end")
	}
}

func checkB7(t *testing.T, b []byte) {
	t.Helper()
	enc := appendB7([]byte("x"), b)[1:]
	if !utf8.Valid(enc) || bytes.ContainsAny(enc, "\"\\\n\r\x00\u2028\u2029") {
		t.Fatalf("% x: encoding %q is not a plain string's content", b, enc)
	}
	if max := b7Len(len(b)); len(enc) > max {
		t.Fatalf("% x: %d bytes, more than b7Len's %d", b, len(enc), max)
	}
	if groups := (8*len(b) + 6) / 7; utf8.RuneCount(enc) > groups {
		t.Fatalf("% x: %d characters for %d groups", b, utf8.RuneCount(enc), groups)
	}
	got, err := decodeB7(string(enc))
	if err != nil || !bytes.Equal(got, b) {
		t.Fatalf("% x: encoded %q, decoded % x, %v", b, enc, got, err)
	}
}

func FuzzB7(f *testing.F) {
	for _, b := range b7Cases {
		f.Add(b)
	}
	f.Fuzz(checkB7)
}

// TestB7Density: on compressed bytes (here: bytes of every value) the encoding takes 8/7 of
// a byte each, against base64's 4/3.
func TestB7Density(t *testing.T) {
	var b []byte
	for i := range 70000 {
		b = append(b, byte(i*7919>>3))
	}
	enc := appendB7(nil, b)
	if r := float64(len(enc)) / float64(len(b)); r > 8.0/7+0.01 {
		t.Errorf("%.3f bytes per byte", r)
	}
}

// TestB7SearchJS: the browser's decoder (unb7 in the theme's search.js, run with Node.js when
// it is installed) reads back what appendB7 writes, unsafe groups at the end included.
func TestB7SearchJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "assets", "js", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?s)const UNSAFE = .*?return out\.subarray\(0, n\);\n  };`).Find(src)
	if fn == nil {
		t.Fatal("search.js: no unb7 (const UNSAFE … return out.subarray(0, n); };)")
	}
	r := rand.New(rand.NewPCG(1, 2))
	cases := append([][]byte{}, b7Cases...)
	for range 2000 {
		b := make([]byte, r.IntN(40))
		for j := range b {
			if r.IntN(3) == 0 {
				b[j] = b7Unsafe[r.IntN(len(b7Unsafe))]
			} else {
				b[j] = byte(r.IntN(256))
			}
		}
		cases = append(cases, b)
	}
	var in bytes.Buffer
	for _, b := range cases {
		fmt.Fprintf(&in, "e%x w%x\n", appendB7(nil, b), b)
	}
	script := string(fn) + `
const lines = require('fs').readFileSync(0, 'utf8').trim().split('\n');
let bad = 0;
for (const line of lines) {
  const [enc, want] = line.split(' ').map(f => f.slice(1));
  const got = Buffer.from(unb7(Buffer.from(enc, 'hex').toString('utf8'))).toString('hex');
  if (got !== want && bad++ < 5) console.log('encoded ' + enc + ': got ' + got + ', want ' + want);
}
console.log(lines.length + ' cases, ' + bad + ' wrong');
if (bad) process.exit(1);
`
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = &in
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}
