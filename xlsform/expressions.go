package xlsform

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"canvass/surveys"
)

// The XPath canvass reads is the part of XLSForm's that show_if and a
// number's range can hold; anything else is refused, never approximated.

var (
	orSplit    = regexp.MustCompile(`(?i)\s+or\s+`)
	andSplit   = regexp.MustCompile(`(?i)\s+and\s+`)
	equalsTerm = regexp.MustCompile(`^\$\{\s*([^}\s]+)\s*\}\s*=\s*(.+)$`)
	selectTerm = regexp.MustCompile(`^selected\(\s*\$\{\s*([^}\s]+)\s*\}\s*,\s*(.+?)\s*\)$`)
	quoted     = regexp.MustCompile(`^(?:'([^']*)'|"([^"]*)")$`)
	wholeValue = regexp.MustCompile(`^-?[0-9]+$`)
	boundTerm  = regexp.MustCompile(`^\.\s*(>=|<=|>|<)\s*(-?[0-9]+)$`)
	countTerm  = regexp.MustCompile(`^count-selected\(\s*\.\s*\)\s*(<=|<)\s*([0-9]+)$`)
)

// condition is a relevant expression read: one question, the values that
// show the question, and whether any term compared with "=" (which, on a
// select_multiple, means "exactly", not "among").
type condition struct {
	question string
	in       []string
	equals   bool
}

// parseRelevant reads `${q} = 'x'`, `selected(${q}, 'x')`, numbers
// unquoted, and "or" of such terms about one question.
func parseRelevant(expr string) (condition, bool) {
	var c condition
	for _, term := range orSplit.Split(unwrap(strings.TrimSpace(expr)), -1) {
		term = unwrap(strings.TrimSpace(term))
		m, isEquals := equalsTerm.FindStringSubmatch(term), true
		if m == nil {
			m, isEquals = selectTerm.FindStringSubmatch(term), false
		}
		if m == nil || (c.question != "" && m[1] != c.question) {
			return condition{}, false
		}
		value, ok := literal(strings.TrimSpace(m[2]))
		if !ok {
			return condition{}, false
		}
		c.question, c.equals = m[1], c.equals || isEquals
		c.in = append(c.in, value)
	}
	return c, true
}

// literal reads a quoted string or a whole number.
func literal(v string) (string, bool) {
	if m := quoted.FindStringSubmatch(v); m != nil {
		return m[1] + m[2], true
	}
	return v, wholeValue.MatchString(v)
}

// unwrap takes off brackets around the whole expression.
func unwrap(s string) string {
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && balanced(s[1:len(s)-1]) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// formatRelevant writes a condition on a question of type refType:
// selected() for a multi question, = for the others, numbers unquoted.
func formatRelevant(c *surveys.Condition, refType string) string {
	terms := make([]string, len(c.In))
	for i, v := range c.In {
		lit := "'" + v + "'"
		if refType == surveys.TypeScale || refType == surveys.TypeNumber {
			lit = v
		}
		if refType == surveys.TypeMulti {
			terms[i] = fmt.Sprintf("selected(${%s}, %s)", c.Question, lit)
		} else {
			terms[i] = fmt.Sprintf("${%s} = %s", c.Question, lit)
		}
	}
	return strings.Join(terms, " or ")
}

// parseRange reads an integer's constraint: bounds on "." joined by "and".
func parseRange(expr string) (*surveys.Range, bool) {
	r := &surveys.Range{}
	for _, term := range andSplit.Split(unwrap(strings.TrimSpace(expr)), -1) {
		m := boundTerm.FindStringSubmatch(unwrap(strings.TrimSpace(term)))
		if m == nil {
			return nil, false
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			return nil, false
		}
		bound := &r.Min
		switch m[1] {
		case ">":
			n++
		case "<":
			n--
			bound = &r.Max
		case "<=":
			bound = &r.Max
		}
		if *bound != nil {
			return nil, false // two lower or two upper bounds
		}
		*bound = &n
	}
	return r, true
}

// formatRange writes a number's range as an integer's constraint.
func formatRange(r *surveys.Range) string {
	var terms []string
	if r.Min != nil {
		terms = append(terms, fmt.Sprintf(". >= %d", *r.Min))
	}
	if r.Max != nil {
		terms = append(terms, fmt.Sprintf(". <= %d", *r.Max))
	}
	return strings.Join(terms, " and ")
}

// parseMaxChoices reads a select_multiple's constraint, count-selected(.)
// <= n.
func parseMaxChoices(expr string) (int, bool) {
	m := countTerm.FindStringSubmatch(unwrap(strings.TrimSpace(expr)))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil {
		return 0, false
	}
	if m[1] == "<" {
		n--
	}
	return n, true
}

func formatMaxChoices(n int) string {
	return fmt.Sprintf("count-selected(.) <= %d", n)
}
