package store

import (
	"bytes"
	"compress/gzip"
	"io"
	"maps"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"canvass/results"
	"canvass/surveys"
)

// How published numbers are stored (snapshots.go).

// snapshotDoc is a survey's snapshot as stored. Its frames and scopes
// (snapshotData) are one gzipped BSON value: nothing queries inside them,
// and the embedded database parses a structured document field by field
// (measured: 200 ms to read 300 KB of frames) but an opaque one not at all
// (10 ms for 300 KB; the example survey's snapshot packs into far less).
type snapshotDoc struct {
	ID   string    `bson:"_id"`
	Rev  int64     `bson:"rev"`
	At   time.Time `bson:"at"`
	Data []byte    `bson:"data"`
	// What the last look at the live counters found: the survey's
	// version and total then, and the largest gap between a group's live
	// and published totals (Snapshot.Gap). Reads skip the counters while
	// the total has moved by less than min_n less the gap.
	Checked checkDoc `bson:"checked"`
}

type checkDoc struct {
	Version int   `bson:"version"`
	Total   int64 `bson:"total"`
	Gap     int64 `bson:"gap"`
}

// nothingDue reports whether the last check rules out a step now.
func (c checkDoc) nothingDue(rec *surveys.Record) bool {
	moved := rec.Responses - c.Total
	return c.Version == rec.Version && max(moved, -moved)+c.Gap < int64(rec.MinN)
}

type snapshotData struct {
	Frames []frameDoc `bson:"frames"`
	Scopes []scopeDoc `bson:"scopes"`
}

type frameDoc struct {
	Group string     `bson:"group"`
	At    time.Time  `bson:"at"`
	Cells []valueDoc `bson:"cells"`
}

// valueDoc is the tally of one attribute value (or pair, in meets).
type valueDoc struct {
	V string                       `bson:"v"`
	N int64                        `bson:"n"`
	Q map[string]publishedQuestion `bson:"q,omitempty"`
}

// publishedQuestion is a question's tally within a value, shaped like the
// live counters' (tallies.go), kept apart so either can change alone.
type publishedQuestion struct {
	N int64            `bson:"n"`
	C map[string]int64 `bson:"c,omitempty"`
	S int64            `bson:"s,omitempty"`
}

type scopeDoc struct {
	K      string   `bson:"k"`
	Base   valueDoc `bson:"base"`
	Held   holdDoc  `bson:"held"`
	Hidden holdDoc  `bson:"hidden"`
}

type holdDoc struct {
	Group     bool     `bson:"g,omitempty"`
	Questions []string `bson:"q,omitempty"`
}

// meetsDoc holds a frame's meets, packed like a snapshot's data.
type meetsDoc struct {
	ID   string `bson:"_id"`
	Data []byte `bson:"data"`
}

type meetsData struct {
	Cells []valueDoc `bson:"cells"`
}

// pack is v as gzipped BSON.
func pack(v any) ([]byte, error) {
	raw, err := bson.Marshal(v)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// unpack reads what pack wrote into v.
func unpack(data []byte, v any) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	return bson.Unmarshal(raw, v)
}

func snapshotDocOf(slug string, snap *results.Snapshot, rev int64) (snapshotDoc, error) {
	var data snapshotData
	for _, g := range snap.Groups() {
		f := snap.Frames[g]
		data.Frames = append(data.Frames, frameDoc{Group: g, At: f.At, Cells: valueDocs(f.Cells)})
	}
	for _, k := range slices.Sorted(maps.Keys(snap.Scopes)) {
		sc := snap.Scopes[k]
		data.Scopes = append(data.Scopes, scopeDoc{K: k, Base: valueDocOf("", sc.Base), Held: holdDocOf(sc.Held), Hidden: holdDocOf(sc.Hidden)})
	}
	packed, err := pack(data)
	return snapshotDoc{ID: slug, Rev: rev, At: snap.At, Data: packed}, err
}

func valueDocs(m map[string]*results.Tally) []valueDoc {
	out := make([]valueDoc, 0, len(m))
	for _, v := range slices.Sorted(maps.Keys(m)) {
		out = append(out, valueDocOf(v, m[v]))
	}
	return out
}

func valueDocOf(v string, t *results.Tally) valueDoc {
	d := valueDoc{V: v, N: t.N, Q: map[string]publishedQuestion{}}
	for id, q := range t.Questions {
		d.Q[id] = publishedQuestion{N: q.N, C: q.Counts, S: q.Sum}
	}
	return d
}

func (d valueDoc) tally() *results.Tally {
	t := results.NewTally()
	t.N = d.N
	for id, q := range d.Q {
		t.Questions[id] = &results.QuestionTally{N: q.N, Counts: q.C, Sum: q.S}
	}
	return t
}

func valueTallies(docs []valueDoc) map[string]*results.Tally {
	out := make(map[string]*results.Tally, len(docs))
	for _, d := range docs {
		out[d.V] = d.tally()
	}
	return out
}

func holdDocOf(h results.Hold) holdDoc {
	d := holdDoc{Group: h.Group}
	for _, id := range slices.Sorted(maps.Keys(h.Questions)) {
		if h.Questions[id] {
			d.Questions = append(d.Questions, id)
		}
	}
	return d
}

func (d holdDoc) hold() results.Hold {
	h := results.Hold{Group: d.Group, Questions: map[string]bool{}}
	for _, id := range d.Questions {
		h.Questions[id] = true
	}
	return h
}
