package toolbox

import (
	"fmt"

	"github.com/securehealth/securehealth/internal/diag"
)

const agreeHint = "translations may change labels and help only"

// Agree reports where the translation tr differs in structure from def, the template in the
// default language: field ids and their order, types, required, scales, number bounds, option
// ids and column ids and types must be the same, because stored entries, exports and feedback
// summaries are keyed by them in every language. Labels, help, sections and rating words may
// differ. Each problem is an error at the translation's position naming def's file.
func Agree(def, tr *Template, diags *diag.List) {
	if def == nil || tr == nil {
		return
	}
	other := def.Source
	if def.Kind != tr.Kind {
		diags.Errorf(tr.Pos, agreeHint, "template kind is %s here but %s in %s", kindWord(tr.Kind), kindWord(def.Kind), other)
	}
	defFields := map[string]*Field{}
	for i := range def.Fields {
		defFields[def.Fields[i].ID] = &def.Fields[i]
	}
	trFields := map[string]bool{}
	var common []string // ids in both, in the translation's order
	for i := range tr.Fields {
		f := &tr.Fields[i]
		trFields[f.ID] = true
		d := defFields[f.ID]
		if d == nil {
			diags.Errorf(f.Pos, agreeHint, "field %q is not in %s", f.ID, other)
			continue
		}
		common = append(common, f.ID)
		agreeField(d, f, other, diags)
	}
	var defCommon []string
	for _, d := range def.Fields {
		if !trFields[d.ID] {
			diags.Errorf(tr.Pos, agreeHint, "field %q of %s is missing here", d.ID, other)
			continue
		}
		defCommon = append(defCommon, d.ID)
	}
	// Report only the first field out of order: one move usually shifts several.
	for i := range min(len(common), len(defCommon)) {
		if common[i] != defCommon[i] {
			f := fieldByID(tr, common[i])
			diags.Errorf(f.Pos, agreeHint+", in the same order", "field %q comes before %q here but after it in %s",
				common[i], defCommon[i], other)
			break
		}
	}
}

func agreeField(d, f *Field, other string, diags *diag.List) {
	if d.Type != f.Type {
		diags.Errorf(f.Pos, agreeHint, "field %q has type %s here but %s in %s", f.ID, f.Type, d.Type, other)
		return // options and columns of another type say nothing more
	}
	if d.Required != f.Required {
		diags.Errorf(f.Pos, agreeHint, "field %q is %s here but %s in %s", f.ID, requiredWord(f.Required), requiredWord(d.Required), other)
	}
	if d.Scale != f.Scale {
		diags.Errorf(f.Pos, agreeHint, "field %q has scale %d here but %d in %s", f.ID, f.Scale, d.Scale, other)
	}
	if !sameBound(d.Min, f.Min) {
		diags.Errorf(f.Pos, agreeHint, "field %q has min %s here but %s in %s", f.ID, bound(f.Min), bound(d.Min), other)
	}
	if !sameBound(d.Max, f.Max) {
		diags.Errorf(f.Pos, agreeHint, "field %q has max %s here but %s in %s", f.ID, bound(f.Max), bound(d.Max), other)
	}
	var dIDs, fIDs []string
	var fPos []diag.Pos
	for _, o := range d.Options {
		dIDs = append(dIDs, o.ID)
	}
	for _, o := range f.Options {
		fIDs, fPos = append(fIDs, o.ID), append(fPos, o.Pos)
	}
	agreeIDs(f, "option", dIDs, fIDs, fPos, other, diags)
	dIDs, fIDs, fPos = nil, nil, nil
	dTypes := map[string]string{}
	for _, c := range d.Columns {
		dIDs = append(dIDs, c.ID)
		dTypes[c.ID] = c.Type
	}
	for _, c := range f.Columns {
		fIDs, fPos = append(fIDs, c.ID), append(fPos, c.Pos)
		if t, ok := dTypes[c.ID]; ok && t != c.Type {
			diags.Errorf(c.Pos, agreeHint, "field %q: column %q has type %s here but %s in %s", f.ID, c.ID, c.Type, t, other)
		}
	}
	agreeIDs(f, "column", dIDs, fIDs, fPos, other, diags)
}

// agreeIDs compares the option or column ids of a field.
func agreeIDs(f *Field, what string, def, tr []string, trPos []diag.Pos, other string, diags *diag.List) {
	inDef, inTr := map[string]bool{}, map[string]bool{}
	for _, id := range def {
		inDef[id] = true
	}
	var common []string
	var commonPos []diag.Pos
	for i, id := range tr {
		inTr[id] = true
		if !inDef[id] {
			diags.Errorf(trPos[i], agreeHint, "field %q: %s %q is not in %s", f.ID, what, id, other)
			continue
		}
		common, commonPos = append(common, id), append(commonPos, trPos[i])
	}
	var defCommon []string
	for _, id := range def {
		if !inTr[id] {
			diags.Errorf(f.Pos, agreeHint, "field %q: %s %q of %s is missing here", f.ID, what, id, other)
			continue
		}
		defCommon = append(defCommon, id)
	}
	for i := range min(len(common), len(defCommon)) {
		if common[i] != defCommon[i] {
			diags.Errorf(commonPos[i], agreeHint+", in the same order", "field %q: %s %q comes before %q here but after it in %s",
				f.ID, what, common[i], defCommon[i], other)
			return
		}
	}
}

func fieldByID(t *Template, id string) *Field {
	for i := range t.Fields {
		if t.Fields[i].ID == id {
			return &t.Fields[i]
		}
	}
	return nil
}

func kindWord(k string) string {
	if k == "" {
		return "plain (no kind)"
	}
	return k
}

func requiredWord(r bool) string {
	if r {
		return "required"
	}
	return "optional"
}

func sameBound(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func bound(x *float64) string {
	if x == nil {
		return "none"
	}
	return fmt.Sprint(*x)
}
