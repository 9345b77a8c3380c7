package didyoumean

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"title", "description", "weight", "shuffle", "id"}
	tests := []struct{ got, want string }{
		{"titel", "title"},
		{"Weigth", "weight"},
		{"shufle", "shuffle"},
		{"descripton", "description"},
		{"xy", ""}, // two edits from "id": as many as the word has letters
		{"colour", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.got, names); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.got, got, tt.want)
		}
	}
}
