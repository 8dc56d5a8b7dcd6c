package store

import "testing"

// A read that began before a write must not put back what it found: the
// memo would then answer with the document as it was before the write.
func TestMemoNeverGoesBackInTime(t *testing.T) {
	m := memo[int]{on: true}
	_, ok, gen := m.get("a")
	if ok {
		t.Fatal("an empty memo knows a")
	}
	m.wrote("a", 2) // a write lands while the read is in flight
	m.remember("a", 1, gen)
	if v, ok, _ := m.get("a"); !ok || v != 2 {
		t.Fatalf("memo holds %d (%v), want the written 2", v, ok)
	}
	m.forget("a")
	_, gen = func() (int, uint64) { v, _, g := m.get("a"); return v, g }()
	m.remember("a", 3, gen)
	if v, ok, _ := m.get("a"); !ok || v != 3 {
		t.Fatalf("a read after the last write is kept: got %d (%v)", v, ok)
	}
	m.forgetIf(func(id string) bool { return id == "a" })
	if _, ok, _ := m.get("a"); ok {
		t.Fatal("forgetIf left a")
	}
	off := memo[int]{}
	off.wrote("a", 1)
	if _, ok, _ := off.get("a"); ok {
		t.Fatal("a memo that is off answers")
	}
}
