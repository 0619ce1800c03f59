using System.Text;
using Microsoft.Data.Sqlite;

namespace Paxman.Edge.Storage.Tests.Support;

/// <summary>Every row of every journal table as text, to compare two journals' contents exactly.</summary>
public static class JournalDump
{
    private static readonly string[] Tables = ["session_rows", "records", "alarms", "unit_checkpoint"];

    public static string Of(string path)
    {
        using var connection = RawDatabase.Open(path, SqliteOpenMode.ReadOnly);
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(table);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append('|').Append(reader.IsDBNull(i) ? "null" : reader.GetValue(i));
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
