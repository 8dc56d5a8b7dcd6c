package store

import "go.mongodb.org/mongo-driver/v2/mongo"

// CollectionForTest gives tests a collection directly, to damage counters
// and check that checks and rebuilds notice and repair it.
func (s *Store) CollectionForTest(name string) *mongo.Collection { return s.db.Collection(name) }
