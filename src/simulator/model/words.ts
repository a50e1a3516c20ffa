/**
 * Vocabulary the generators pick from. Everything is fake: example.com
 * domains, documentation IP ranges for public addresses, made-up accounts.
 */

export interface OsChoice {
  name: string;
  windows: boolean;
}

export const OPERATING_SYSTEMS: readonly OsChoice[] = [
  { name: 'Amazon Linux 2', windows: false },
  { name: 'Ubuntu 22.04.3 LTS', windows: false },
  { name: 'Ubuntu 20.04.6 LTS', windows: false },
  { name: 'Red Hat Enterprise Linux 8.8', windows: false },
  { name: 'CentOS Linux 7.9.2009', windows: false },
  { name: 'Debian GNU/Linux 11', windows: false },
  { name: 'Windows Server 2019 Datacenter 64 bit Edition Version 1809', windows: true },
  { name: 'Windows Server 2022 Standard 64 bit Edition Version 21H2', windows: true },
  { name: 'Windows 10 Enterprise 64 bit Edition Version 22H2', windows: true },
  // Quotes and parentheses travel in OS strings; writers must escape them.
  { name: 'Windows Server 2016 "Datacenter" (x64)', windows: true },
];

export const HOST_ROLES = [
  'web', 'app', 'db', 'cache', 'build', 'mail', 'files', 'vpn', 'k8s-node', 'batch',
] as const;

export const ON_PREM_DOMAINS = ['corp.example.com', 'lab.example.net', 'dmz.example.org'];

/**
 * Qualys asset tags. A few carry characters that must be escaped (`&`, `<`,
 * non-ASCII) so that clients exercise their decoding on ordinary runs.
 */
export const QUALYS_TAGS: readonly { id: number; name: string }[] = [
  { id: 10125654, name: 'Cloud Agent' },
  { id: 10125655, name: 'Production' },
  { id: 10125656, name: 'Staging' },
  { id: 10125657, name: 'PCI Scope' },
  { id: 10125658, name: 'Linux Servers' },
  { id: 10125659, name: 'Windows Servers' },
  { id: 10125660, name: 'Internet Facing' },
  { id: 10125661, name: 'R&D <Lab>' },
  { id: 10125662, name: 'Zürich Office' },
  { id: 10125663, name: 'Business Critical' },
  { id: 10125664, name: 'Ops & Security' },
  { id: 10125665, name: 'Decommission Candidates' },
];

/**
 * AWS accounts. Two start with 0: a client that reads them as numbers loses
 * the zero and builds a wrong ARN.
 */
export const AWS_ACCOUNTS = ['012345678901', '123456789012', '004455667788', '210987654321'];

export const AWS_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

export const AWS_INSTANCE_TYPES = ['t3.medium', 't3.large', 'm5.xlarge', 'c6i.2xlarge', 'r6g.large'];

export const AZURE_LOCATIONS = ['eastus', 'westeurope', 'centralindia', 'westus2'];

export const AZURE_SUBSCRIPTIONS = [
  '7f3c2a10-5b4e-4d8a-9c61-2e0f4b7a9d13',
  'c0a8e3f2-1d6b-4a57-8e29-64b1f0d5c7aa',
];

export const AZURE_VM_SIZES = ['Standard_B1s', 'Standard_B2ms', 'Standard_D4s_v5'];

export const GCP_PROJECTS: readonly { id: string; number: string }[] = [
  { id: 'acme-prod-3071', number: '1035365309111' },
  { id: 'acme-analytics', number: '884102937465' },
];

export const GCP_ZONES = ['us-central1-a', 'us-east1-b', 'europe-west1-c'];

export const GCP_MACHINE_TYPES = ['n1-standard-1', 'e2-medium', 'n2-standard-4'];

export const CLOUD_TAG_OWNERS = ['platform-team', 'data-eng', "O'Brien & Co", 'sre'];

export const ENVIRONMENTS = ['production', 'staging', 'development'];

/** Words for knowledge-base titles, by QID family. */
export const PRODUCTS = [
  'OpenSSH', 'OpenSSL', 'Apache HTTP Server', 'nginx', 'PHP', 'MySQL', 'PostgreSQL',
  'Samba', 'BIND', 'Exim', 'Tomcat', 'Node.js', 'Python', 'Java Runtime', 'sudo', 'glibc',
];

export const WEAKNESSES = [
  'Remote Code Execution Vulnerability',
  'Denial of Service Vulnerability',
  'Information Disclosure Vulnerability',
  'Privilege Escalation Vulnerability',
  'Multiple Vulnerabilities',
  'Buffer Overflow Vulnerability',
  'Authentication Bypass Vulnerability',
  'Weak Cipher Suites Supported',
];

export const WINDOWS_COMPONENTS = [
  'Kernel', 'SMB Server', 'Remote Desktop Services', 'Print Spooler', 'Win32k', 'LSASS',
  'Hyper-V', 'TCP/IP Stack', '.NET Framework', 'Internet Explorer',
];

export const LINUX_DISTROS = ['Ubuntu', 'Red Hat', 'Debian', 'Amazon Linux', 'CentOS'];

export const LINUX_PACKAGES = [
  'openssl', 'curl', 'systemd', 'kernel', 'bash', 'libxml2', 'zlib', 'sudo', 'glibc', 'vim',
  'git', 'python3', 'nss', 'expat', 'krb5',
];

export const INFO_TITLES = [
  'DNS Host Name',
  'Operating System Detected',
  'Open TCP Services List',
  'Host Scan Time - Scanner',
  'Traceroute',
  'Network Adapter MAC Address',
  'Installed Applications Enumerated From Windows Installer',
  'Firewall Detected',
  'Host Names Found',
  'SSL Certificate - Information',
];

/** WAS-only QIDs: title and whether WAS reports them as information gathered. */
export const WEB_APP_CHECKS: readonly { title: string; info: boolean }[] = [
  { title: 'Cross-Site Scripting (XSS)', info: false },
  { title: 'SQL Injection', info: false },
  { title: 'Clickjacking - Framable Page', info: false },
  { title: 'Cookie Without Secure Flag Set', info: false },
  { title: 'Path-Relative Stylesheet Import (PRSSI)', info: false },
  { title: 'Server-Side Request Forgery', info: false },
  { title: 'Directory Listing Enabled', info: false },
  { title: 'Session Token In URL', info: false },
  { title: 'Sensitive Form Field Has Autocomplete Enabled', info: false },
  { title: 'Open Redirect', info: false },
  { title: 'Missing header: Referrer-Policy', info: true },
  { title: 'Missing header: Content-Security-Policy', info: true },
  { title: 'Information Disclosure via Response Header', info: true },
  { title: 'Email Addresses Collected', info: true },
  { title: 'Web Server and Technologies Detected', info: true },
  { title: 'Links Crawled', info: true },
  { title: 'External Links Discovered', info: true },
  { title: 'In-scope JavaScript Libraries Detected', info: true },
  { title: 'Scan Diagnostics', info: true },
  { title: 'HTTP Strict Transport Security (HSTS) Not Enabled', info: false },
];

export const WEB_APP_PATHS = ['/', '/login', '/search', '/api/v1/items', '/account/settings', '/docs/'];
