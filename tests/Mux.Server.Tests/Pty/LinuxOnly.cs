// The tests drive Linux-only APIs (unix file modes, signals); say so once instead of per call.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
