using System.Text;
using Mux.Server.Sessions;

namespace Mux.Server.Tests.Sessions;

/// <summary>The status line built into a kept buffer, as each frame builds it.</summary>
public class StatusTextTests
{
    [Fact]
    public void TheHintNamesThePrefixAtTheRightEdgeAndANarrowLineIsCut()
    {
        var session = new Session("work", Environment.ProcessId, new SessionSettings(), 80, 24);
        Assert.Equal("[work] " + new string(' ', 40 - 7 - 13) + "Ctrl+T ? help", StatusText.StatusLine(session, 40, "Ctrl+T"));
        Assert.Equal("[work] ", StatusText.StatusLine(session, 7));
        Assert.Equal("[wo", StatusText.StatusLine(session, 3));
        Assert.Equal("", StatusText.StatusLine(session, 0));
    }

    [Fact]
    public void AReusedBufferGivesTheSameLineEachTime()
    {
        var session = new Session("s", Environment.ProcessId, new SessionSettings(), 80, 24);
        var sb = new StringBuilder("left over from before");
        sb.Clear();
        string first = StatusText.AppendStatusLine(sb, session, 30).ToString();
        sb.Clear();
        Assert.Equal(first, StatusText.AppendStatusLine(sb, session, 30).ToString());
        Assert.Equal(30, first.Length);
        Assert.EndsWith("Ctrl+A ? help", first);
    }
}
