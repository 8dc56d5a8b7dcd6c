package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"canvass/store/storetest"
	"canvass/surveys"
)

func TestDayCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if _, err := st.CreateSurvey(ctx, testSurvey("s1"), ""); err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 4, 2, 12, 0, 0, 0, time.Local)
	st.SetClock(func() time.Time { return today })
	resp := func(id, channel, lang, hood string, at time.Time) *surveys.Response {
		return &surveys.Response{ID: id, Survey: "s1", Version: 1, Channel: channel, Language: lang, Neighborhood: hood, Answers: map[string]any{}, CreatedAt: at}
	}
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch, lang := surveys.ChannelWeb, "en"
			if i%3 == 0 {
				ch, lang = surveys.ChannelSMS, "so"
			}
			if _, err := st.InsertResponse(ctx, resp(fmt.Sprint("r", i), ch, lang, "north", today)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// A duplicate submission and a response of yesterday do not count today.
	if _, err := st.InsertResponse(ctx, resp("r1", surveys.ChannelWeb, "en", "north", today)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.InsertResponse(ctx, resp("old", surveys.ChannelWeb, "es", "", today.AddDate(0, 0, -1))); err != nil {
		t.Fatal(err)
	}
	d, err := st.TodayCounts(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Total != 12 || d.Channel["sms"] != 4 || d.Channel["web"] != 8 || d.Language["so"] != 4 || d.Language["en"] != 8 || d.Neighborhood["north"] != 12 {
		t.Fatalf("today's counts: %+v (12 concurrent responses: 4 sms/so, 8 web/en, all north)", d)
	}
	y, _ := st.DayCounts(ctx, "s1", today.AddDate(0, 0, -1).Format(time.DateOnly))
	if y.Total != 1 || y.Neighborhood["unknown"] != 1 {
		t.Fatalf("yesterday: %+v", y)
	}
	if none, err := st.DayCounts(ctx, "s1", "2020-01-01"); err != nil || none.Total != 0 {
		t.Fatalf("a day without responses: %+v %v", none, err)
	}
	days, err := st.RebuildDayCounts(ctx, "s1")
	if err != nil || days != 2 {
		t.Fatalf("rebuild: %d days, %v", days, err)
	}
	again, _ := st.TodayCounts(ctx, "s1")
	if again.Total != d.Total || again.Channel["sms"] != d.Channel["sms"] || again.Language["en"] != d.Language["en"] {
		t.Fatalf("rebuilt counts %+v differ from live ones %+v", again, d)
	}
}
