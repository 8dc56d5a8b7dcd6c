// Package xlsform reads and writes survey definitions as XLSForms, the
// spreadsheet format KoboToolbox, ODK, SurveyCTO and Ona share: a "survey"
// sheet of questions, a "choices" sheet of option lists and a "settings"
// sheet. What canvass needs beyond the format (the neighborhood question,
// demographic flags, min_n, SMS settings, scale ends) travels in columns
// named canvass_…, which those tools ignore. docs/xlsform.md is the mapping.
//
// The package is pure: it turns bytes into a definition and back, and
// reports what it cannot express as surveys.Problems located by sheet, row
// and column. Checking the definition itself is surveys.Validate's job.
package xlsform

// Sheet names (matched without regard to case).
const (
	sheetSurvey   = "survey"
	sheetChoices  = "choices"
	sheetSettings = "settings"
)

// Columns of the XLSForm specification that canvass reads or writes.
const (
	colType       = "type"
	colName       = "name"
	colLabel      = "label"
	colHint       = "hint"
	colRequired   = "required"
	colRelevant   = "relevant"
	colConstraint = "constraint"
	colParameters = "parameters"
	colListName   = "list_name"
	colChoiceFlt  = "choice_filter"

	colFormTitle       = "form_title"
	colFormID          = "form_id"
	colVersion         = "version"
	colDefaultLanguage = "default_language"
)

// canvass's own columns. Kobo and ODK ignore columns they do not know, so
// a form carrying these still loads there.
const (
	colNeighborhood = "canvass_neighborhood" // survey: yes on the neighborhood question
	colDemographic  = "canvass_demographic"  // survey: yes on a question results may be split by
	colSMSLabel     = "canvass_sms_label"    // survey: the shorter SMS wording, per language
	colScaleLow     = "canvass_scale_low"    // survey: the label of a range's low end, per language
	colScaleHigh    = "canvass_scale_high"   // survey: the label of a range's high end, per language
	colMatch        = "canvass_match"        // choices: words a resident may text for a neighborhood

	colTitle        = "canvass_title" // settings: the title in languages besides the default
	colLanguages    = "canvass_languages"
	colMinN         = "canvass_min_n"
	colSeries       = "canvass_series"
	colRound        = "canvass_round"
	colRoundLabel   = "canvass_round_label"
	colPublic       = "canvass_public_results"
	colRepeats      = "canvass_allow_repeats"
	colContact      = "canvass_contact"
	colIntro        = "canvass_intro"
	colThanks       = "canvass_thanks"
	colInvitation   = "canvass_invitation"
	colKeyword      = "canvass_sms_keyword"
	colAliases      = "canvass_sms_aliases"
	colResultsBack  = "canvass_sms_results_back"
	colPlainLetters = "canvass_sms_plain_letters"
)

// XLSForm question types canvass writes; parseType reads their aliases too.
const (
	typeSelectOne   = "select_one"
	typeSelectMulti = "select_multiple"
	typeInteger     = "integer"
	typeRange       = "range"
	typeText        = "text"
)

// yes and no are how canvass writes a flag; readFlag accepts more.
const (
	yes = "yes"
	no  = "no"
)
