using PercepNet.HostTest.Commands;

// percepnet-host: a test host that loads built plugin binaries through their C ABIs.
return CommandLine.Run(args);
