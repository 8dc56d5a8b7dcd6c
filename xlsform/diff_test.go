package xlsform

import (
	"fmt"
	"reflect"
	"strings"

	"canvass/surveys"
)

// diff lists where two definitions differ, nil against empty included, to
// read a failed round trip.
func diff(want, got *surveys.Survey) string {
	var out []string
	walkDiff("", reflect.ValueOf(want), reflect.ValueOf(got), &out)
	return strings.Join(out, "\n")
}

func walkDiff(path string, a, b reflect.Value, out *[]string) {
	if len(*out) >= 10 {
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				*out = append(*out, fmt.Sprintf("%s: want %v, got %v", path, a, b))
			}
			return
		}
		walkDiff(path, a.Elem(), b.Elem(), out)
	case reflect.Struct:
		for i := range a.NumField() {
			walkDiff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), out)
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: want %#v, got %#v", path, a, b))
			return
		}
		for i := range a.Len() {
			walkDiff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), out)
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) || (a.Kind() == reflect.Map && a.IsNil() != b.IsNil()) {
			*out = append(*out, fmt.Sprintf("%s: want %#v, got %#v", path, a, b))
		}
	}
}
