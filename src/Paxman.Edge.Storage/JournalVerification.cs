namespace Paxman.Edge.Storage;

/// <summary>The outcome of <see cref="JournalVerifier.Verify"/>.</summary>
/// <param name="Intact">True when the file is a sound SQLite database, every row's checksum matches, every record's hash matches its text and the chain is unbroken.</param>
/// <param name="RecordsChecked">Records whose hash and link were checked.</param>
/// <param name="RowsChecked">Rows whose checksum was checked, in all tables (records included).</param>
/// <param name="FirstBrokenLink">The first problem found, or null when intact.</param>
public sealed record JournalVerification(bool Intact, int RecordsChecked, int RowsChecked, JournalDefect? FirstBrokenLink);
