package xlsform

// Message IDs of the problems Parse reports. Their texts live in
// locales/validation.<lang>.yaml; each comment names the Data keys the text
// may use. Every problem's Path names the place: "survey!E7" (sheet, column
// letter, row), "survey!7" for a whole row, or the sheet's name.
const (
	msgNotWorkbook      = "xlsform.not_workbook"      // -
	msgSheetMissing     = "xlsform.sheet_missing"     // Sheet
	msgHeaderNotFirst   = "xlsform.header_not_first"  // Sheet, Row
	msgColumnMissing    = "xlsform.column_missing"    // Sheet, Column
	msgColumnTwice      = "xlsform.column_twice"      // Column
	msgColumnLanguage   = "xlsform.column_language"   // Column, Language
	msgDefaultLanguage  = "xlsform.default_language"  // Value
	msgLanguageAssumed  = "xlsform.language_assumed"  // Language (a warning)
	msgTypeMissing      = "xlsform.type_missing"      // -
	msgTypeUnsupported  = "xlsform.type_unsupported"  // Type
	msgTypeDecimal      = "xlsform.type_decimal"      // -
	msgTypeDropped      = "xlsform.type_dropped"      // Type (a warning)
	msgGroupFlattened   = "xlsform.group_flattened"   // Name (a warning)
	msgGroupCondition   = "xlsform.group_condition"   // Name
	msgGroupUnbalanced  = "xlsform.group_unbalanced"  // Type
	msgRepeat           = "xlsform.repeat"            // Name
	msgNoteMisplaced    = "xlsform.note_misplaced"    // -
	msgOrOther          = "xlsform.or_other"          // -
	msgNeighborhoodType = "xlsform.neighborhood_type" // Type
	msgListMissing      = "xlsform.list_missing"      // List
	msgChoiceNoList     = "xlsform.choice_no_list"    // -
	msgCascading        = "xlsform.cascading"         // -
	msgRelevant         = "xlsform.relevant"          // Expression
	msgRelevantMulti    = "xlsform.relevant_multi"    // Expression, ID
	msgConstraint       = "xlsform.constraint"        // Expression, Type
	msgRequired         = "xlsform.required"          // Value
	msgParameters       = "xlsform.parameters"        // Value
	msgNotNumber        = "xlsform.not_number"        // Column, Value
	msgNotYesNo         = "xlsform.not_yes_no"        // Column, Value
	msgUnknownLanguage  = "xlsform.unknown_language"  // Column, Value
)

// MessageIDs lists every message ID above, so a test can check that each
// has a text in every language.
func MessageIDs() []string {
	return []string{
		msgNotWorkbook, msgSheetMissing, msgHeaderNotFirst, msgColumnMissing, msgColumnTwice,
		msgColumnLanguage, msgDefaultLanguage, msgLanguageAssumed, msgTypeMissing,
		msgTypeUnsupported, msgTypeDecimal, msgTypeDropped, msgGroupFlattened, msgGroupCondition,
		msgGroupUnbalanced, msgRepeat, msgNoteMisplaced, msgOrOther, msgNeighborhoodType, msgListMissing,
		msgChoiceNoList, msgCascading, msgRelevant, msgRelevantMulti, msgConstraint,
		msgRequired, msgParameters, msgNotNumber, msgNotYesNo,
	}
}
