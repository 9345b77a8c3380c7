package search

import (
	"errors"
	"unicode/utf8"
)

// A fragment's compressed bytes travel in a JavaScript string, seven bits a character
// (docs/search-format.md, "Fragments"): base64 takes four characters for three bytes, this
// 8/7 of a byte each, which makes the fragments — most of an index — 14 % smaller.
//
// The bytes are read as a stream of 7-bit groups, most significant bit first, the last one
// padded with zero bits. A group is the ASCII character of its value, except the five that
// cannot stand in a double-quoted JavaScript string or are unsafe there (b7Unsafe): such a
// group k and the group w after it are one character U+0100 + k·128 + w (two bytes of UTF-8,
// so no room is lost), or U+0100 + 5·128 + k when it is the last group. n bytes make
// ⌈8n/7⌉ groups, and ⌊7·groups/8⌋ = n: the decoder knows where the bytes end.
var b7Unsafe = [5]byte{0, '\n', '\r', '"', '\\'}

// b7Index is the index in b7Unsafe of an unsafe group value, or -1.
var b7Index = func() (t [128]int8) {
	for i := range t {
		t[i] = -1
	}
	for k, v := range b7Unsafe {
		t[v] = int8(k)
	}
	return t
}()

// appendB7 appends src encoded, seven bits a character.
func appendB7(dst, src []byte) []byte {
	var acc uint32
	bits, unsafe := 0, -1
	group := func(v byte) {
		switch {
		case unsafe >= 0:
			dst = utf8.AppendRune(dst, rune(0x100+unsafe<<7+int(v)))
			unsafe = -1
		case b7Index[v] >= 0:
			unsafe = int(b7Index[v])
		default:
			dst = append(dst, v)
		}
	}
	for _, b := range src {
		acc = acc<<8 | uint32(b)
		bits += 8
		for bits >= 7 {
			bits -= 7
			group(byte(acc>>bits) & 0x7f)
		}
	}
	if bits > 0 {
		group(byte(acc<<(7-bits)) & 0x7f)
	}
	if unsafe >= 0 {
		dst = utf8.AppendRune(dst, rune(0x100+len(b7Unsafe)<<7+unsafe))
	}
	return dst
}

// b7Len is the length of appendB7's encoding of n bytes, at most (unsafe groups at the end
// take one byte more).
func b7Len(n int) int { return (8*n+6)/7 + 1 }

var errB7 = errors.New("not a fragment string: a character outside the encoding")

// decodeB7 decodes what appendB7 encodes.
func decodeB7(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)*7/8+1)
	var acc uint32
	bits := 0
	group := func(v byte) {
		acc = acc<<7 | uint32(v)
		bits += 7
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	for i, r := range s {
		switch {
		case r < 0x80 && b7Index[r] < 0:
			group(byte(r))
		case r >= 0x100 && r < 0x100+int32(len(b7Unsafe))<<7:
			x := r - 0x100
			group(b7Unsafe[x>>7])
			group(byte(x & 0x7f))
		case r >= 0x100+int32(len(b7Unsafe))<<7 && r < 0x100+int32(len(b7Unsafe))<<7+int32(len(b7Unsafe)) && i+utf8.RuneLen(r) == len(s):
			group(b7Unsafe[r-0x100-int32(len(b7Unsafe))<<7])
		default:
			return nil, errB7
		}
	}
	return out, nil
}
