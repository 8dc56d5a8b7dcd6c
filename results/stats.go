package results

import "math"

// z95 is the normal quantile of a two-sided 95% interval.
const z95 = 1.959964

// Share is the part of a group that gave one of the "top box" answers
// (4 or 5 on a 1–5 scale, say), with its sampling uncertainty. Shares,
// margins and intervals are percentages (0–100).
type Share struct {
	// N is how many in the group answered the question.
	N int64 `json:"n"`
	// Top is how many of them gave a top answer.
	Top int64 `json:"top"`
	// Share is Top/N as a percentage.
	Share float64 `json:"share"`
	// MOE is the 95% margin of error in percentage points (normal
	// approximation, ±1.96·√(p(1−p)/n)), the figure a table reads out.
	MOE float64 `json:"moe"`
	// Low and High are the 95% Wilson interval, which stays inside 0–100
	// and is honest near 0% and 100%, where the MOE shrinks to nothing.
	Low  float64 `json:"ci_low"`
	High float64 `json:"ci_high"`
}

// NewShare computes a share of top out of n; n must be positive.
func NewShare(top, n int64) Share {
	p := float64(top) / float64(n)
	lo, hi := wilson(p, float64(n))
	return Share{N: n, Top: top, Share: oneDecimal(100 * p), MOE: oneDecimal(100 * MarginOfError(p, n)), Low: oneDecimal(100 * lo), High: oneDecimal(100 * hi)}
}

// MarginOfError is the 95% margin of error of a proportion p of n, as a
// proportion.
func MarginOfError(p float64, n int64) float64 {
	if n <= 0 {
		return 0
	}
	return z95 * math.Sqrt(p*(1-p)/float64(n))
}

// wilson is the 95% Wilson score interval of a proportion p of n.
func wilson(p, n float64) (lo, hi float64) {
	z2 := z95 * z95
	center := (p + z2/(2*n)) / (1 + z2/n)
	half := z95 * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / (1 + z2/n)
	return math.Max(0, center-half), math.Min(1, center+half)
}

// Change is the difference between two rounds' shares.
type Change struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Points is the difference in percentage points (to − from).
	Points float64 `json:"points"`
	// Percent is the relative change, (to − from)/from × 100; absent when
	// the earlier share is 0.
	Percent *float64 `json:"percent"`
	// MOE is the 95% margin of error of the difference, in points.
	MOE float64 `json:"moe"`
	// Significant is true when the difference exceeds its margin of error:
	// the change is unlikely to be sampling noise alone.
	Significant bool `json:"significant"`
}

// ChangeBetween compares two visible shares.
func ChangeBetween(from, to string, a, b Share) Change {
	pa, pb := float64(a.Top)/float64(a.N), float64(b.Top)/float64(b.N)
	moe := z95 * math.Sqrt(pa*(1-pa)/float64(a.N)+pb*(1-pb)/float64(b.N))
	c := Change{From: from, To: to, Points: oneDecimal(100 * (pb - pa)), MOE: oneDecimal(100 * moe), Significant: math.Abs(pb-pa) > moe}
	if pa > 0 {
		pct := oneDecimal(100 * (pb - pa) / pa)
		c.Percent = &pct
	}
	return c
}

// Goal is the share a target aims for, starting from the baseline share
// (percentages): a relative change ("+30%": 50 → 65) or a change in points
// ("+10 points": 50 → 60), kept within 0–100.
func (t *Target) Goal(baseline float64) float64 {
	g := baseline + t.Change
	if t.Unit != UnitPoints {
		g = baseline * (1 + t.Change/100)
	}
	return oneDecimal(math.Max(0, math.Min(100, g)))
}

// Progress is how far current has come from baseline toward goal, in
// percent of the way: 0 at the baseline, 100 at the goal, negative when
// the share moved away from it. It is nil when goal equals baseline.
func Progress(baseline, goal, current float64) *float64 {
	if goal == baseline {
		return nil
	}
	p := oneDecimal(100 * (current - baseline) / (goal - baseline))
	return &p
}

func oneDecimal(x float64) float64 { return math.Round(x*10) / 10 }
