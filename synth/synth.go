package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"canvass/surveys"
)

// Generator makes realistic synthetic responses to any survey, for demos,
// benchmarks and tests (`canvass seed`). Realistic means the structure
// results views exist to show: neighborhoods of very different sizes
// (some below min_n), languages and channels that vary by neighborhood,
// demographic groups that differ by neighborhood and answer differently,
// optional questions sometimes skipped and show_if respected. The same
// seed gives the same responses.
type Generator struct {
	def   *surveys.Survey
	rng   *rand.Rand
	start time.Time
	span  time.Duration
	run   string
	seq   int

	nbWeights []float64
	nbEffect  []float64
	langW     [][]float64            // per neighborhood, over def.Languages
	demoW     map[string][][]float64 // per question, per neighborhood, over options
	demoEff   map[string][]float64   // per question, per option: effect on feeling safe
	affinity  map[string]float64     // "<demographic option>|<multi option>" weight
	qOffset   map[string]float64     // per scale question: how safe on average
}

// New prepares a generator of responses created between start and end.
func New(def *surveys.Survey, seed uint64, start, end time.Time) *Generator {
	s := &Generator{def: def, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), start: start, span: end.Sub(start),
		demoW: map[string][][]float64{}, demoEff: map[string][]float64{}, affinity: map[string]float64{}, qOffset: map[string]float64{}}
	s.run = strconv.FormatUint(seed, 36)
	nbs := len(def.Neighborhoods)
	// Zipf-like sizes in a shuffled order: a few large neighborhoods and a
	// tail of small ones, as door-knocking and posters really produce.
	for _, r := range s.rng.Perm(max(nbs, 1)) {
		s.nbWeights = append(s.nbWeights, 1/math.Pow(float64(r+1), 1.1))
		s.nbEffect = append(s.nbEffect, s.rng.Float64()*1.6-0.8)
	}
	for range max(nbs, 1) {
		w := make([]float64, len(def.Languages))
		for j, l := range def.Languages {
			w[j] = 0.15 + s.rng.Float64()*0.5
			if l == def.DefaultLanguage {
				w[j] = 3
			}
		}
		if len(w) > 1 {
			w[1+s.rng.IntN(len(w)-1)] += 1.5 // each neighborhood has a community of its own
		}
		s.langW = append(s.langW, w)
	}
	for i := range def.Questions {
		q := &def.Questions[i]
		switch {
		case q.Demographic && q.Type == surveys.TypeSingle:
			for range max(nbs, 1) {
				w := make([]float64, len(q.Options))
				for j := range w {
					w[j] = 0.2 + s.rng.Float64()*s.rng.Float64()*3
				}
				s.demoW[q.ID] = append(s.demoW[q.ID], w)
			}
			for range q.Options {
				s.demoEff[q.ID] = append(s.demoEff[q.ID], s.rng.NormFloat64()*0.35)
			}
		case q.Type == surveys.TypeScale:
			s.qOffset[q.ID] = s.rng.Float64()*0.8 - 0.5
		}
	}
	for _, dq := range def.SplitQuestions() {
		for _, do := range dq.Options {
			for i := range def.Questions {
				if q := &def.Questions[i]; q.Type == surveys.TypeMulti {
					for _, o := range q.Options {
						if s.rng.IntN(5) == 0 {
							s.affinity[do.ID+"|"+o.ID] = 2 + s.rng.Float64()*2
						}
					}
				}
			}
		}
	}
	return s
}

// Next returns the next synthetic response, complete and valid for def.
func (s *Generator) Next() *surveys.Response {
	s.seq++
	nbi := weightedPick(s.rng, s.nbWeights)
	lang := s.def.DefaultLanguage
	if len(s.def.Languages) > 0 {
		lang = s.def.Languages[weightedPick(s.rng, s.langW[nbi])]
	}
	channel := surveys.ChannelWeb
	if s.rng.Float64() < 0.25+0.2*boolFloat(lang != s.def.DefaultLanguage) {
		channel = surveys.ChannelSMS
	}
	answers := map[string]any{}
	latent := s.nbEffect[nbi] + s.rng.NormFloat64()*0.7
	var demo []string
	for _, q := range s.def.SplitQuestions() {
		if q.Optional && s.rng.Float64() < 0.12 {
			continue
		}
		w := slices.Clone(s.demoW[q.ID][nbi])
		for j, o := range q.Options {
			if languageOption(o, lang) {
				w[j] *= 25 // the language spoken at home is mostly the one answered in
			}
		}
		j := weightedPick(s.rng, w)
		answers[q.ID] = q.Options[j].ID
		latent += s.demoEff[q.ID][j]
		demo = append(demo, q.Options[j].ID)
	}
	for i := range s.def.Questions {
		q := &s.def.Questions[i]
		if _, done := answers[q.ID]; done || !s.def.Visible(q, answers) {
			continue
		}
		if q.Optional && !q.Demographic && s.rng.Float64() < 0.15 {
			continue
		}
		if v := s.answer(q, nbi, lang, latent, demo); v != nil {
			answers[q.ID] = v
		}
	}
	s.def.Complete(answers)
	r := &surveys.Response{ID: fmt.Sprintf("synth-%s-%d", s.run, s.seq), Survey: s.def.Slug, Channel: channel, Language: lang,
		Answers: answers, CreatedAt: s.when()}
	r.Neighborhood = s.def.NeighborhoodOf(answers)
	if channel == surveys.ChannelSMS {
		r.Respondent = fmt.Sprintf("synth%016x", s.rng.Uint64())
	}
	return r
}

func (s *Generator) answer(q *surveys.Question, nbi int, lang string, latent float64, demo []string) any {
	switch q.Type {
	case surveys.TypeNeighborhood:
		if nbi < len(s.def.Neighborhoods) {
			return s.def.Neighborhoods[nbi].ID
		}
	case surveys.TypeScale:
		if q.Scale == nil {
			return nil
		}
		lo, hi := float64(q.Scale.Min), float64(q.Scale.Max)
		mid, spread := (lo+hi)/2, (hi-lo)/4
		v := math.Round(mid + (latent+s.qOffset[q.ID])*spread + s.rng.NormFloat64()*spread*0.6)
		return int(math.Max(lo, math.Min(hi, v)))
	case surveys.TypeNumber:
		lo, hi := 0, 100
		if q.Number != nil && q.Number.Min != nil {
			lo = *q.Number.Min
		}
		if q.Number != nil && q.Number.Max != nil {
			hi = *q.Number.Max
		}
		v := lo + int(math.Abs(s.rng.NormFloat64())*float64(hi-lo)/7+s.rng.Float64()*2)
		return min(hi, max(lo, v))
	case surveys.TypeSingle:
		return q.Options[s.rng.IntN(len(q.Options))].ID
	case surveys.TypeMulti:
		return s.multi(q, latent, demo)
	case surveys.TypeText:
		bank := synthComments[lang]
		if bank == nil {
			bank = synthComments["en"]
		}
		return bank[s.rng.IntN(len(bank))]
	}
	return nil
}

// multi picks 1..max_choices options; the first half of a question's
// options draw residents who feel less safe, and each demographic group
// leans toward some options.
func (s *Generator) multi(q *surveys.Question, latent float64, demo []string) []string {
	w := make([]float64, len(q.Options))
	for j, o := range q.Options {
		w[j] = 1
		if j < len(q.Options)/2 {
			w[j] = math.Exp(-latent)
		}
		for _, d := range demo {
			if a := s.affinity[d+"|"+o.ID]; a > 0 {
				w[j] *= a
			}
		}
	}
	limit := q.MaxChoices
	if limit <= 0 || limit > len(q.Options) {
		limit = len(q.Options)
	}
	n := 1 + s.rng.IntN(limit)
	var out []string
	for len(out) < n {
		j := weightedPick(s.rng, w)
		out, w[j] = append(out, q.Options[j].ID), 0
	}
	// Keep the definition's order, as the form submits them.
	slices.SortFunc(out, func(a, b string) int { return synthOptionIndex(q, a) - synthOptionIndex(q, b) })
	return out
}

func synthOptionIndex(q *surveys.Question, id string) int {
	return slices.IndexFunc(q.Options, func(o surveys.Option) bool { return o.ID == id })
}

// when spreads responses over the period, more in the evening.
func (s *Generator) when() time.Time {
	day := time.Duration(s.rng.Int64N(int64(max(s.span, time.Hour))))
	t := s.start.Add(day).Truncate(24 * time.Hour)
	hour := 8 + s.rng.NormFloat64()*2 + 10*boolFloat(s.rng.Float64() < 0.6)
	t = t.Add(time.Duration(math.Mod(math.Abs(hour), 24) * float64(time.Hour)))
	t = t.Add(time.Duration(s.rng.Int64N(int64(time.Hour))))
	if t.Before(s.start) {
		t = s.start
	}
	return t.UTC().Truncate(time.Millisecond)
}

// pick draws an index with probability proportional to its weight.
func weightedPick(rng *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	r := rng.Float64() * sum
	for i, x := range w {
		if r -= x; r < 0 {
			return i
		}
	}
	return len(w) - 1
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// languageOption reports whether an option names the language lang (the
// "language spoken at home" question), by its English text.
func languageOption(o surveys.Option, lang string) bool {
	name := synthLanguageNames[lang]
	return name != "" && strings.Contains(strings.ToLower(o.Text["en"]+" "+o.ID), name)
}

var synthLanguageNames = map[string]string{"en": "english", "es": "spanish", "so": "somali", "vi": "vietnamese", "ar": "arabic", "ht": "haitian"}

// synthComments are made-up free-text answers, a few per language.
var synthComments = map[string][]string{
	"en": {"More street lights on our block", "Police who know the neighborhood", "Fix the lights at the bus stop", "Somewhere safe for teenagers at night"},
	"es": {"Más luces en la calle", "Que la policía conozca el barrio", "Arreglar las luces de la parada de autobús"},
	"so": {"Nal badan oo waddada ah", "Booliis yaqaan xaafadda", "Meel ammaan ah oo dhallinyaradu habeenkii joogaan"},
	"vi": {"Thêm đèn đường trong khu phố", "Cảnh sát tuần tra buổi tối", "Sửa đèn ở trạm xe buýt"},
	"ar": {"المزيد من إنارة الشوارع", "دوريات شرطة في الليل", "إصلاح الإنارة عند موقف الحافلات"},
	"ht": {"Plis limyè nan lari a", "Lapolis ki konnen katye a", "Ranje limyè yo bò arè bis la"},
}

// Take returns the next n responses.
func (s *Generator) Take(n int) []*surveys.Response {
	out := make([]*surveys.Response, n)
	for i := range out {
		out[i] = s.Next()
	}
	return out
}
