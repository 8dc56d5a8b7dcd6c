package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"canvass/auth"
)

// TestPartnerTotalsOnlyTheirNeighborhoods reads, as a partner limited to
// north-of-main, every place a list shows a survey's number of responses:
// the results index and a series' rounds. Each shows the total of the
// partner's own results, never the survey's; staff still see the survey's.
func TestPartnerTotalsOnlyTheirNeighborhoods(t *testing.T) {
	t.Parallel()
	a := newResultsApp(t, 120, 11)
	whole := int64(len(a.responses))
	own := a.results("", auth.RolePartner).Total
	if own == whole {
		t.Fatalf("the partner's results show the survey's total %d", whole)
	}

	status, body, _ := a.fetch("/api/v1/series/safety", auth.RolePartner)
	var series struct {
		Rounds []struct {
			Survey    string `json:"survey"`
			Responses int64  `json:"responses"`
		} `json:"rounds"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &series) != nil {
		t.Fatalf("series: %d %s", status, body)
	}
	for _, r := range series.Rounds {
		if r.Survey == exampleSlug && r.Responses != own {
			t.Errorf("series round shows the partner %d responses; their results total %d (the survey has %d)", r.Responses, own, whole)
		}
	}

	cell := func(n int64) string { return fmt.Sprintf(`<td class="n">%d</td>`, n) }
	_, page, _ := a.fetch("/admin/results", auth.RolePartner, "Accept", "text/html")
	if !strings.Contains(string(page), cell(own)) || strings.Contains(string(page), cell(whole)) {
		t.Errorf("results index shows the partner the survey's total %d, or not their own %d", whole, own)
	}
	_, page, _ = a.fetch("/admin/results", auth.RoleStaff, "Accept", "text/html")
	if !strings.Contains(string(page), cell(whole)) {
		t.Errorf("results index does not show staff the survey's total %d", whole)
	}
}
