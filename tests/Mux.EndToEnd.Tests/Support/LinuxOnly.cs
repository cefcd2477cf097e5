// The harness drives Linux-only APIs (PTYs, signals, unix file modes); say so once instead of per call.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
