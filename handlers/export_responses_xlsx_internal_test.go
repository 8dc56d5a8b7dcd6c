package handlers

// XLSXFlushRows is how often responses.xlsx is flushed, in rows, for the
// tests of package handlers_test.
const XLSXFlushRows = xlsxFlushRows
