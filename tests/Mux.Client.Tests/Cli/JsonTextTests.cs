using System.Text.Json;
using Mux.Client.Cli;

namespace Mux.Client.Tests.Cli;

/// <summary>The hand-written JSON: every string reads back as it was (or, for a lone surrogate, as U+FFFD).</summary>
public class JsonTextTests
{
    private static string RoundTrip(string value)
    {
        string json = new JsonText(indented: false).StartObject().String("k", value).EndObject().ToString();
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("k").GetString()!;
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" and backslash \\ and slash /")]
    [InlineData("\u0000\u0001\b\f\n\r\t\u001b[31m\u007f")]
    [InlineData("déjà vu, 漢字, emoji 😀, U+2028 \u2028")]
    [InlineData("<script>&'+`")]
    [InlineData("")]
    public void Strings_read_back_as_written(string value) => Assert.Equal(value, RoundTrip(value));

    [Fact]
    public void Control_characters_are_escaped_never_raw()
    {
        string json = new JsonText(indented: false).StringValue("a\u0001\u001b\u007fb").ToString();
        Assert.Equal("\"a\\u0001\\u001b\\u007fb\"", json);
    }

    [Theory]
    [InlineData("a\ud800b")]
    [InlineData("a\udc00")]
    [InlineData("\udc00\ud800")]
    public void A_lone_surrogate_becomes_the_replacement_character(string value)
    {
        string expected = value.Replace('\ud800', '\ufffd').Replace('\udc00', '\ufffd');
        Assert.Equal(expected, RoundTrip(value));
    }

    [Fact]
    public void Indented_output_has_the_shape_of_the_listing()
    {
        string json = new JsonText(indented: true).StartObject()
            .String("dir", "/tmp")
            .StartArray("sessions")
            .StartObject().Number("pid", 12).Bool("running", true).Number("cpu", 1.25).EndObject()
            .EndArray()
            .StartArray("empty").EndArray()
            .EndObject().ToString();
        Assert.Equal("""
            {
              "dir": "/tmp",
              "sessions": [
                {
                  "pid": 12,
                  "running": true,
                  "cpu": 1.25
                }
              ],
              "empty": []
            }
            """.ReplaceLineEndings("\n"), json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(12, doc.RootElement.GetProperty("sessions")[0].GetProperty("pid").GetInt32());
    }
}
