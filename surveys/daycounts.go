package surveys

// DayCounts is one survey's responses on one day.
type DayCounts struct {
	Survey       string           `bson:"survey"`
	Day          string           `bson:"day"`
	Total        int64            `bson:"total"`
	Channel      map[string]int64 `bson:"channel,omitempty"`
	Language     map[string]int64 `bson:"language,omitempty"`
	Neighborhood map[string]int64 `bson:"neighborhood,omitempty"`
}
