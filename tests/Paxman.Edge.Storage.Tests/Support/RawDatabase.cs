using Microsoft.Data.Sqlite;

namespace Paxman.Edge.Storage.Tests.Support;

/// <summary>Direct access to a journal file, as an outside editor (or a test's own reader) would have it.</summary>
public static class RawDatabase
{
    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static void Execute(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    public static long Count(string path, string table) => (long)Scalar(path, $"SELECT count(*) FROM {table}")!;

    public static object? Scalar(string path, string sql)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Every offset at which <paramref name="text"/> occurs in the file's bytes.</summary>
    public static List<int> Find(string path, string text)
    {
        var bytes = File.ReadAllBytes(path);
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        var found = new List<int>();
        for (var i = bytes.AsSpan().IndexOf(needle); i >= 0;)
        {
            found.Add(i);
            var next = bytes.AsSpan(i + 1).IndexOf(needle);
            i = next < 0 ? -1 : i + 1 + next;
        }

        return found;
    }
}
