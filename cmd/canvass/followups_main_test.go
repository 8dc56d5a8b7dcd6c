package main

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/phone"
	"canvass/store/storetest"
)

// TestMainSealsFollowupPhonesAtStart starts the program on a database
// where an older canvass kept a follow-up's number in the clear: the start
// seals it, for its respondent, with the key of the pseudonyms.
func TestMainSealsFollowupPhonesAtStart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const key = "main-test-pseudonym-key-0123456789abcdef"
	name := storetest.DatabaseName()
	raw, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Disconnect(ctx)
	coll := raw.Database(name).Collection("followups")
	_, err = coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "safety-spring-2026|p1"}, {Key: "survey", Value: "safety-spring-2026"},
		{Key: "respondent", Value: "p1"}, {Key: "phone", Value: "+15550001111"}, {Key: "language", Value: "en"}, {Key: "neighborhood", Value: "riverside"}})
	if err != nil {
		t.Fatal(err)
	}
	m, logs := MustRunMain(t, map[string]string{"MONGODB_URI": storetest.URI(t), "CANVASS_DATABASE": name, "CANVASS_PSEUDONYM_KEY": key})
	defer m.Store.Drop(ctx)
	var doc bson.Raw
	if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: "safety-spring-2026|p1"}}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	v := doc.Lookup("phone")
	if v.Type != bson.TypeBinary {
		t.Fatalf("after the start the number is stored as %v: %s", v.Type, v)
	}
	_, sealed := v.Binary()
	sealer, err := phone.NewSealer([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	if num, err := sealer.Open(sealed, "p1"); err != nil || num != "+15550001111" {
		t.Fatalf("sealed number opens to %q, %v", num, err)
	}
	if !strings.Contains(logs.String(), "sealed follow-up phone numbers") || strings.Contains(logs.String(), "5550001111") {
		t.Errorf("log:\n%s", logs)
	}
}
