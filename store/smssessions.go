package store

import (
	"context"
	"errors"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"canvass/conversation"
	"canvass/surveys"
)

// The sms_sessions collection holds SMS conversations, keyed
// "<slug>|<pseudonym>": live ones (paused ones among them), and the record
// each ended one leaves (stage "done", no answers) so a resident is
// counted once per survey, their language is kept, and a redelivered last
// message gets its reply. A live one past expires_at (its keep period is
// over) is read as what conversation.Lapse leaves of it, and the sweep
// writes that (no TTL index: FerretDB never runs it). Hot paths look
// sessions up by exactly {_id}, which stays fast at any size.
const smsSessionsColl = "sms_sessions"

func smsSessionIndexes() []index {
	return []index{
		{collection: smsSessionsColl, keys: bson.D{{Key: "respondent", Value: 1}}, name: "respondent"},
		{collection: smsSessionsColl, keys: bson.D{{Key: "expires_at", Value: 1}}, name: "expires_at"},
	}
}

// errSessionChanged reports that another message changed or ended the
// session since it was read; the caller reads it again and retries.
func errSessionChanged() error {
	return surveys.Errorf(surveys.ErrConflict, "sms.session_changed", nil)
}

// SMSSessions returns the resident's sessions among ids (their possible
// sessions, one per SMS survey) that are live or ended; an expired one is
// returned as what it lapses to, whether or not the sweep has written it. On FerretDB each
// is looked up by exactly {_id} (an $in list would read the whole
// collection, which holds every ended conversation); on MongoDB one $in
// query does.
func (s *Store) SMSSessions(ctx context.Context, ids []string) ([]*conversation.Session, error) {
	c := s.db.Collection(smsSessionsColl)
	var found []conversation.Session
	if s.Serialized || len(ids) == 1 {
		for _, id := range ids {
			var one conversation.Session
			err := c.FindOne(ctx, byID(id)).Decode(&one)
			if errors.Is(err, mongo.ErrNoDocuments) {
				continue
			}
			if err != nil {
				return nil, dbError(err)
			}
			found = append(found, one)
		}
	} else if len(ids) > 0 {
		cur, err := c.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
		if err != nil {
			return nil, dbError(err)
		}
		if err := cur.All(ctx, &found); err != nil {
			return nil, dbError(err)
		}
	}
	now := s.now()
	var out []*conversation.Session
	for i := range found {
		sess := &found[i]
		if sess.Stage != conversation.StageDone && !sess.ExpiresAt.After(now) {
			if sess = conversation.Lapse(sess); sess == nil {
				continue
			}
		}
		if sess.Answers == nil {
			sess.Answers = map[string][]string{}
		}
		out = append(out, sess)
	}
	return out, nil
}

// LiveSMSSession returns the resident's most recently updated session
// among ids that is live (not expired, not ended).
func (s *Store) LiveSMSSession(ctx context.Context, ids []string) (*conversation.Session, error) {
	all, err := s.SMSSessions(ctx, ids)
	if err != nil {
		return nil, err
	}
	var best *conversation.Session
	for _, x := range all {
		if x.Stage != conversation.StageDone && (best == nil || x.UpdatedAt.After(best.UpdatedAt)) {
			best = x
		}
	}
	if best == nil {
		return nil, surveys.Errorf(surveys.ErrNotFound, "sms.session_not_found", nil)
	}
	return best, nil
}

// CreateSMSSession stores a new session at revision 1. An expired session
// with the same ID that the sweep has not removed yet is replaced; a live
// one means another message got there first (a conflict).
func (s *Store) CreateSMSSession(ctx context.Context, sess *conversation.Session) error {
	c := s.writer.Collection(smsSessionsColl)
	doc := *sess
	doc.Rev = 1
	for attempt := 0; ; attempt++ {
		_, err := c.InsertOne(ctx, &doc)
		if err == nil {
			sess.Rev = 1
			s.sessionRevs.wrote(sess.ID, 1)
			return nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return dbError(err)
		}
		if attempt > 0 {
			s.sessionRevs.forget(sess.ID)
			return errSessionChanged()
		}
		res, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: sess.ID}, {Key: "expires_at", Value: bson.D{{Key: "$lte", Value: s.now()}}}})
		if err != nil {
			return dbError(err)
		}
		if res.DeletedCount == 0 {
			return errSessionChanged()
		}
	}
}

// UpdateSMSSession replaces the session if it is still at revision
// sess.Rev, and moves it to the next revision; otherwise it is a conflict.
// On MongoDB the revision is part of the filter, atomic across instances.
// FerretDB scans the whole collection for any filter but {_id: value} and
// races across connections anyway, so there the revision is checked in Go
// under the store's CAS mutex, through the single-connection writer:
// atomic within the process, which is all FerretDB can offer.
func (s *Store) UpdateSMSSession(ctx context.Context, sess *conversation.Session) error {
	doc := *sess
	doc.Rev = sess.Rev + 1
	err := s.casSession(ctx, sess.ID, sess.Rev, doc.Rev, func(c *mongo.Collection, filter bson.D) (int64, error) {
		res, err := c.ReplaceOne(ctx, filter, &doc)
		if err != nil {
			return 0, err
		}
		return res.MatchedCount, nil
	})
	if err == nil {
		sess.Rev = doc.Rev
	}
	return err
}

// DeleteSMSSession ends the session if it is still at revision rev.
func (s *Store) DeleteSMSSession(ctx context.Context, id string, rev int64) error {
	return s.casSession(ctx, id, rev, 0, func(c *mongo.Collection, filter bson.D) (int64, error) {
		res, err := c.DeleteOne(ctx, filter)
		if err != nil {
			return 0, err
		}
		return res.DeletedCount, nil
	})
}

// casSession applies a write to the session id only if it is at rev; the
// write leaves it at next (0: deleted). On FerretDB the revision is
// checked under casMu, from the memo when this process wrote the session
// last (every answer but a conversation's first after a restart), else
// by reading it.
func (s *Store) casSession(ctx context.Context, id string, rev, next int64, write func(*mongo.Collection, bson.D) (int64, error)) error {
	c := s.writer.Collection(smsSessionsColl)
	filter := bson.D{{Key: "_id", Value: id}, {Key: "rev", Value: rev}}
	if s.Serialized {
		s.casMu.Lock()
		defer s.casMu.Unlock()
		current, known, _ := s.sessionRevs.get(id)
		if !known {
			raw, err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, options.FindOne().SetProjection(bson.D{{Key: "rev", Value: 1}})).Raw()
			if errors.Is(err, mongo.ErrNoDocuments) {
				return errSessionChanged()
			}
			if err != nil {
				return dbError(err)
			}
			current = sessionRev(raw)
		}
		if current != rev {
			return errSessionChanged()
		}
		filter = bson.D{{Key: "_id", Value: id}}
	}
	n, err := write(c, filter)
	switch {
	case err != nil:
		s.sessionRevs.forget(id)
		return dbError(err)
	case n == 0:
		s.sessionRevs.forget(id)
		return errSessionChanged()
	case next == 0:
		s.sessionRevs.forget(id)
	default:
		s.sessionRevs.wrote(id, next)
	}
	return nil
}

// DeleteSMSSessionsOf ends every session of a resident (an opt-out): the
// answers of unfinished ones are deleted; one that stored a response is
// kept as ended (it holds no answers), so the resident still counts once.
func (s *Store) DeleteSMSSessionsOf(ctx context.Context, respondent string) error {
	if s.Serialized {
		s.casMu.Lock()
		defer s.casMu.Unlock()
	}
	defer s.sessionRevs.forgetIf(func(id string) bool { return strings.HasSuffix(id, "|"+respondent) })
	c := s.writer.Collection(smsSessionsColl)
	_, err := c.DeleteMany(ctx, bson.D{{Key: "respondent", Value: respondent}, {Key: "response_id", Value: bson.D{{Key: "$exists", Value: false}}}})
	if err != nil {
		return dbError(err)
	}
	_, err = c.UpdateMany(ctx, bson.D{{Key: "respondent", Value: respondent}, {Key: "stage", Value: bson.D{{Key: "$ne", Value: conversation.StageDone}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "stage", Value: conversation.StageDone}}}, {Key: "$unset", Value: bson.D{{Key: "answers", Value: ""}, {Key: "question", Value: ""}}}, {Key: "$inc", Value: bson.D{{Key: "rev", Value: 1}}}})
	return dbError(err)
}

// SweepSMSSessions deletes the answers of conversations whose keep period
// is over, leaving what conversation.Lapse keeps, and reports how many it
// swept. One that a message changes meanwhile is left for the next sweep.
func (s *Store) SweepSMSSessions(ctx context.Context) (int64, error) {
	cur, err := s.db.Collection(smsSessionsColl).Find(ctx, bson.D{{Key: "stage", Value: bson.D{{Key: "$ne", Value: conversation.StageDone}}},
		{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: s.now()}}}})
	if err != nil {
		return 0, dbError(err)
	}
	var expired []*conversation.Session
	if err := cur.All(ctx, &expired); err != nil {
		return 0, dbError(err)
	}
	var n int64
	for _, sess := range expired {
		if kept := conversation.Lapse(sess); kept != nil {
			err = s.UpdateSMSSession(ctx, kept)
		} else {
			err = s.DeleteSMSSession(ctx, sess.ID, sess.Rev)
		}
		switch {
		case err == nil:
			n++
		case surveys.ErrorCode(err) != surveys.ErrConflict:
			return n, err
		}
	}
	return n, nil
}

// sessionRev reads the revision of a session document.
func sessionRev(raw bson.Raw) int64 {
	if n, ok := raw.Lookup("rev").AsInt64OK(); ok {
		return n
	}
	return -1
}
