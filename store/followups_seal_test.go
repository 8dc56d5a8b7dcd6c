package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/invite"
	"canvass/phone"
	"canvass/store"
	"canvass/store/storetest"
)

func testSealer(t *testing.T) *phone.Sealer {
	t.Helper()
	s, err := phone.NewSealer([]byte("test-pseudonym-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// openNamed opens a fresh database whose name the test knows, to read it
// raw as a dump would.
func openNamed(t *testing.T) (*store.Store, *mongo.Collection) {
	t.Helper()
	ctx := context.Background()
	name := storetest.DatabaseName()
	st, err := store.Open(ctx, store.Options{URI: storetest.URI(t), Database: name})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := mongo.Connect(options.Client().ApplyURI(st.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Drop(ctx); _ = st.Close(ctx); _ = raw.Disconnect(ctx) })
	return st, raw.Database(name).Collection("followups")
}

// rawPhones returns every follow-up document's phone field as stored.
func rawPhones(t *testing.T, coll *mongo.Collection) map[string]bson.RawValue {
	t.Helper()
	cur, err := coll.Find(context.Background(), bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bson.RawValue{}
	for cur.Next(context.Background()) {
		out[cur.Current.Lookup("_id").StringValue()] = cur.Current.Lookup("phone")
	}
	return out
}

// TestFollowupPhonesSealed stores follow-ups and reads the collection as a
// dump would: no number in the clear, each sealed for its respondent.
func TestFollowupPhonesSealed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, coll := openNamed(t)
	sealer := testSealer(t)
	f := &invite.Followup{ID: "s|p1", Survey: "s", Respondent: "p1", Phone: "+15550001111", Language: "en", Neighborhood: "north"}
	if err := st.SaveFollowup(ctx, f); err == nil {
		t.Fatal("a store without a sealer kept a number")
	}
	if _, err := st.SealPhonesWith(ctx, sealer); err != nil {
		t.Fatal(err)
	}
	for _, f := range []*invite.Followup{
		{ID: "s|p1", Survey: "s", Respondent: "p1", Phone: "+15550001111", Language: "en", Neighborhood: "north"},
		{ID: "s|p1", Survey: "s", Respondent: "p1", Phone: "+15550001111", Language: "es", Neighborhood: "north"},
		{ID: "s|p2", Survey: "s", Respondent: "p2", Phone: "+15550002222", Language: "ar", Neighborhood: "south"},
		{ID: "t|p1", Survey: "t", Respondent: "p1", Phone: "+15550001111", Language: "en", Neighborhood: "east"},
	} {
		if err := st.SaveFollowup(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	for id, v := range rawPhones(t, coll) {
		if v.Type != bson.TypeBinary || strings.Contains(string(v.Value), "555000") {
			t.Errorf("%s: phone stored as %v %q", id, v.Type, v.Value)
		}
	}
	got := map[string]string{}
	collect := func(f *invite.Followup) error {
		num, err := sealer.Open(f.SealedPhone, f.Respondent)
		if err != nil || f.Phone != "" {
			t.Errorf("%s: sealed number does not open for its respondent (%v), or came back in the clear (%q)", f.ID, err, f.Phone)
		}
		got[f.ID] = f.Language + " " + num
		return nil
	}
	if err := st.Followups(ctx, "s", collect); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, map[string]string{"s|p1": "es +15550001111", "s|p2": "ar +15550002222"}) {
		t.Fatalf("followups: %v", got)
	}
	if err := st.DeleteFollowupsOf(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	got = map[string]string{}
	_ = st.Followups(ctx, "s", collect)
	_ = st.Followups(ctx, "t", collect)
	if !reflect.DeepEqual(got, map[string]string{"s|p2": "ar +15550002222"}) {
		t.Fatalf("after the opt-out of p1: %v", got)
	}
}

// TestSealPhonesMigration starts from follow-ups an older canvass kept in
// the clear: SealPhonesWith seals them, and running it again changes
// nothing.
func TestSealPhonesMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, coll := openNamed(t)
	sealer := testSealer(t)
	old := []any{
		bson.D{{Key: "_id", Value: "s|p1"}, {Key: "survey", Value: "s"}, {Key: "respondent", Value: "p1"}, {Key: "phone", Value: "+15550001111"}, {Key: "language", Value: "en"}, {Key: "neighborhood", Value: "north"}},
		bson.D{{Key: "_id", Value: "s|p2"}, {Key: "survey", Value: "s"}, {Key: "respondent", Value: "p2"}, {Key: "phone", Value: "+15550002222"}, {Key: "language", Value: "vi"}, {Key: "neighborhood", Value: "south"}},
	}
	if _, err := coll.InsertMany(ctx, old); err != nil {
		t.Fatal(err)
	}
	if n, err := st.SealPhonesWith(ctx, sealer); err != nil || n != 2 {
		t.Fatalf("first start: sealed %d, %v; want 2", n, err)
	}
	before := rawPhones(t, coll)
	for id, v := range before {
		if v.Type != bson.TypeBinary {
			t.Errorf("%s still in the clear: %v", id, v)
		}
	}
	if n, err := st.SealPhonesWith(ctx, sealer); err != nil || n != 0 {
		t.Fatalf("second start: sealed %d, %v; want 0", n, err)
	}
	if after := rawPhones(t, coll); !reflect.DeepEqual(after, before) {
		t.Error("a second run changed sealed numbers")
	}
	got := map[string]string{}
	_ = st.Followups(ctx, "s", func(f *invite.Followup) error {
		num, err := sealer.Open(f.SealedPhone, f.Respondent)
		if err != nil {
			t.Errorf("%s: %v", f.ID, err)
		}
		got[f.Respondent] = num + " " + f.Language
		return nil
	})
	if !reflect.DeepEqual(got, map[string]string{"p1": "+15550001111 en", "p2": "+15550002222 vi"}) {
		t.Fatalf("after the migration: %v", got)
	}
}
