package surveys

// Message IDs of the problems Parse and Validate report. Their texts live in
// locales/validation.<lang>.yaml; each comment names the Data keys the text
// may use, so a translator and a test can tell what is available.
const (
	// Reading the definition (Parse).
	msgTooLarge          = "survey.too_large"             // Limit
	msgEmpty             = "survey.empty"                 // -
	msgSyntax            = "survey.syntax"                // Line (0 when unknown)
	msgMultipleDocuments = "survey.multiple_documents"    // Line
	msgUnknownField      = "survey.unknown_field"         // Field, Line, Suggestion ("" for none)
	msgDuplicateKey      = "survey.duplicate_key"         // Field, Line, FirstLine
	msgExpectedText      = "survey.expected_text"         // Line
	msgExpectedNumber    = "survey.expected_number"       // Line
	msgExpectedBool      = "survey.expected_true_false"   // Line
	msgExpectedList      = "survey.expected_list"         // Line
	msgExpectedFields    = "survey.expected_fields"       // Line
	msgExpectedTexts     = "survey.expected_translations" // Line
	msgInvalidValue      = "survey.invalid_value"         // Line (0 when unknown)

	// Survey, languages and texts (Validate).
	msgRequired           = "survey.required"                    // Field
	msgSlugFormat         = "survey.slug_format"                 // Value
	msgSeriesFormat       = "survey.series_format"               // Value
	msgContactInvalid     = "survey.contact_invalid"             // Value
	msgIDFormat           = "survey.id_format"                   // ID
	msgDuplicateID        = "survey.duplicate_id"                // ID
	msgMinNRange          = "survey.min_n_range"                 // Value, Min, Max
	msgNoQuestions        = "survey.no_questions"                // -
	msgLanguagesRequired  = "survey.languages_required"          // -
	msgDuplicateLanguage  = "survey.duplicate_language"          // Language
	msgLanguageInvalid    = "survey.language_invalid"            // Language
	msgLanguageUnknown    = "survey.language_unknown"            // Language (a warning)
	msgDefaultUndeclared  = "survey.default_language_undeclared" // Language
	msgMissingTranslation = "survey.missing_translation"         // Language
	msgUndeclaredLanguage = "survey.undeclared_language"         // Language

	// Neighborhoods and SMS keywords.
	msgNeighborhoodQMiss = "survey.neighborhood_question_missing"   // -
	msgNeighborhoodQDup  = "survey.neighborhood_question_duplicate" // -
	msgNeighborhoodsMiss = "survey.neighborhoods_missing"           // -
	msgMatchEmpty        = "survey.match_empty"                     // -
	msgMatchNumber       = "survey.match_number"                    // Word
	msgMatchClaimed      = "survey.match_claimed"                   // Word, Neighborhood
	msgMatchConflict     = "survey.match_conflict"                  // Word, Neighborhood
	msgKeywordFormat     = "survey.keyword_format"                  // Keyword, Min, Max
	msgKeywordReserved   = "survey.keyword_reserved"                // Keyword
	msgKeywordDuplicate  = "survey.keyword_duplicate"               // Keyword
	msgKeywordTaken      = "survey.keyword_taken"                   // Keyword, Survey
	msgKeywordInUse      = "survey.keyword_in_use"                  // Keyword, Survey (a warning)
	msgPlainUndeclared   = "survey.plain_letters_undeclared"        // Language
	msgPlainUnreadable   = "survey.plain_letters_unreadable"        // Language (its name)

	// Questions.
	msgUnknownType          = "survey.unknown_type"            // Type, Types
	msgTooFewOptions        = "survey.too_few_options"         // Type
	msgFieldNotAllowed      = "survey.field_not_allowed"       // Field, Type
	msgMaxChoicesRange      = "survey.max_choices_range"       // Value, Max
	msgScaleRequired        = "survey.scale_required"          // -
	msgScaleRange           = "survey.scale_range"             // Min, Max
	msgScaleTooLong         = "survey.scale_too_long"          // Min, Max, Limit
	msgNumberRange          = "survey.number_range"            // Min, Max
	msgShowIfUnknown        = "survey.show_if_unknown"         // ID
	msgShowIfLater          = "survey.show_if_later"           // ID
	msgShowIfText           = "survey.show_if_text"            // ID
	msgShowIfEmpty          = "survey.show_if_empty"           // -
	msgShowIfOption         = "survey.show_if_option"          // Value, ID
	msgShowIfNeighborhood   = "survey.show_if_neighborhood"    // Value, ID
	msgShowIfScale          = "survey.show_if_scale"           // Value, ID, Min, Max
	msgShowIfNumber         = "survey.show_if_number"          // Value, ID
	msgShowIfOnNeighborhood = "survey.show_if_on_neighborhood" // -
)

// problemMessageIDs lists every message ID above, so a test can check that
// each has a text in every language.
func problemMessageIDs() []string {
	return []string{
		msgTooLarge, msgEmpty, msgSyntax, msgMultipleDocuments, msgUnknownField,
		msgDuplicateKey, msgExpectedText, msgExpectedNumber, msgExpectedBool,
		msgExpectedList, msgExpectedFields, msgExpectedTexts, msgInvalidValue,
		msgRequired, msgSlugFormat, msgSeriesFormat, msgContactInvalid, msgIDFormat, msgDuplicateID,
		msgLanguagesRequired, msgDuplicateLanguage, msgLanguageInvalid,
		msgLanguageUnknown, msgDefaultUndeclared, msgMissingTranslation,
		msgUndeclaredLanguage, msgMinNRange, msgNoQuestions, msgNeighborhoodQMiss,
		msgNeighborhoodQDup, msgNeighborhoodsMiss, msgMatchEmpty, msgMatchNumber,
		msgMatchClaimed, msgMatchConflict, msgKeywordFormat, msgKeywordReserved,
		msgKeywordDuplicate, msgKeywordTaken, msgKeywordInUse, msgPlainUndeclared, msgPlainUnreadable, msgUnknownType, msgTooFewOptions,
		msgFieldNotAllowed, msgMaxChoicesRange, msgScaleRequired, msgScaleRange,
		msgScaleTooLong, msgNumberRange, msgShowIfUnknown, msgShowIfLater,
		msgShowIfText, msgShowIfEmpty, msgShowIfOption, msgShowIfNeighborhood,
		msgShowIfScale, msgShowIfNumber, msgShowIfOnNeighborhood,
	}
}
