package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"canvass/invite"
	"canvass/phone"
	"canvass/store/storetest"
	"canvass/surveys"
)

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func TestSaveContactsMergesAndDeletes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	sealer, _ := phone.NewSealer([]byte(strings.Repeat("s", 32)))
	mk := func(id, num, lang, nb, src, date string) *invite.Contact {
		d := day(date)
		return &invite.Contact{ID: id, Phone: sealer.Seal(num, id), Language: lang, Neighborhood: nb, ConsentSource: src, ConsentDate: d,
			Consents: []invite.Consent{{Source: src, Date: d}}}
	}
	res, err := st.SaveContacts(ctx, []*invite.Contact{
		mk("p1", "+16175550101", "es", "north", "door knocking", "2026-03-01"),
		mk("p2", "+16175550102", "so", "south", "library sign-up", "2026-03-02"),
	})
	if err != nil || res.Created != 2 || res.Updated != 0 {
		t.Fatalf("first import: %+v, %v", res, err)
	}
	// The same rows again change nothing; a newer consent and a move update.
	res, err = st.SaveContacts(ctx, []*invite.Contact{
		mk("p1", "+16175550101", "es", "north", "door knocking", "2026-03-01"),
		mk("p2", "+16175550102", "so", "east", "community meeting", "2026-04-10"),
		mk("p3", "+16175550103", "vi", "north", "clinic", "2026-04-11"),
	})
	if err != nil || res.Created != 1 || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("second import: %+v, %v", res, err)
	}
	c, err := st.Contact(ctx, "p2")
	if err != nil {
		t.Fatal(err)
	}
	if c.Neighborhood != "east" || c.ConsentSource != "community meeting" || len(c.Consents) != 2 {
		t.Errorf("merged contact: %+v", c)
	}
	if bytes.Contains(c.Phone, []byte("6175550102")) {
		t.Error("the number is stored in clear")
	}
	if num, err := sealer.Open(c.Phone, "p2"); err != nil || num != "+16175550102" {
		t.Errorf("stored number opens to %q, %v", num, err)
	}
	var north []string
	if err := st.EachContact(ctx, invite.Audience{Neighborhoods: []string{"north"}}, func(c *invite.Contact) error {
		north = append(north, c.ID)
		return nil
	}); err != nil || len(north) != 2 {
		t.Errorf("north: %v, %v", north, err)
	}
	if err := st.DeleteContact(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Contact(ctx, "p1"); !surveys.IsNotFound(err) {
		t.Errorf("deleted contact still there: %v", err)
	}
	if err := st.DeleteContact(ctx, "p1"); !surveys.IsNotFound(err) {
		t.Errorf("deleting again: %v, want not found", err)
	}
}
