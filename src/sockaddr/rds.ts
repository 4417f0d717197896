// AF_RDS addresses (Reliable Datagram Sockets): RDS binds and sends to IPv4
// addresses, as a struct sockaddr_in ([host, port]), so it shares AF_INET's
// codec, as CPython does. The kernel reports them with family AF_INET.
import { AF_INET, AF_RDS } from "../constants.gen.js";
import "./inet.js";
import { codecFor, registerFamily } from "./common.js";

const inet = codecFor(AF_INET);
if (inet !== undefined) registerFamily(AF_RDS, inet);
