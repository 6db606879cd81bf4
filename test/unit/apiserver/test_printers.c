/* Server-side printers: cells checked against what upstream's printers produce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/kind.h"
#include "../../../apiserver/printers.h"

/* 2024-01-01T12:00:00Z */
static const time_t NOW = 1704110400;
#define T5M "2024-01-01T11:55:00Z"
#define T2M "2024-01-01T11:58:00Z"
#define T3D "2023-12-29T12:00:00Z"

/* JSON written with single quotes, to keep the fixtures readable. */
static json_t *J(const char *s)
{
	char *d = strdup(s);
	json_error_t err;
	json_t *v;

	for (char *p = d; *p; p++)
		if (*p == '\'')
			*p = '"';
	v = json_loads(d, JSON_DECODE_ANY, &err);
	if (!v)
		print_error("bad fixture: %s: %s\n", err.text, d);
	free(d);
	assert_non_null(v);
	return v;
}

static void check(const struct printer *p, const char *obj, const char *want)
{
	json_t *o = J(obj), *w = J(want), *cells = json_array();
	size_t ncols = 0;

	while (p->columns[ncols].name)
		ncols++;
	p->row(o, cells, NOW);
	if (!json_equal(cells, w)) {
		char *got = json_dumps(cells, JSON_COMPACT), *exp = json_dumps(w, JSON_COMPACT);
		print_error("got  %s\nwant %s\n", got, exp);
		free(got);
		free(exp);
		fail();
	}
	assert_int_equal(json_array_size(cells), ncols);
	json_decref(o);
	json_decref(w);
	json_decref(cells);
}

#define POD_META "'metadata':{'name':'p','creationTimestamp':'" T5M "'}"

static void test_pod_running(void **state)
{
	(void)state;
	check(
	    &pod_printer,
	    "{'metadata':{'name':'web-1','creationTimestamp':'" T5M "'},"
	    "'spec':{'nodeName':'n1','containers':[{'name':'a'},{'name':'b'}],"
	    "'readinessGates':[{'conditionType':'x/ready'}]},"
	    "'status':{'phase':'Running','podIPs':[{'ip':'10.1.0.5'}],"
	    "'conditions':[{'type':'x/ready','status':'True'},{'type':'Ready','status':'False'}],"
	    "'containerStatuses':[{'name':'a','ready':true,'restartCount':3,'state':{'running':{}},"
	    "'lastState':{'terminated':{'finishedAt':'" T5M "'}}},"
	    "{'name':'b','ready':false,'restartCount':0,'state':{'running':{}}}]}}",
	    "['web-1','1/2','Running','3 (5m ago)','5m','10.1.0.5','n1','<none>','1/1']");
}

static void test_pod_waiting(void **state)
{
	(void)state;
	check(&pod_printer,
	      "{" POD_META ",'spec':{'nodeName':'n1','containers':[{'name':'a'}]},"
	      "'status':{'phase':'Pending','containerStatuses':[{'name':'a','ready':false,"
	      "'restartCount':0,'state':{'waiting':{'reason':'ContainerCreating'}}}]}}",
	      "['p','0/1','ContainerCreating','0','5m','<none>','n1','<none>','<none>']");
	check(
	    &pod_printer,
	    "{" POD_META ",'spec':{'containers':[{'name':'a'}]},"
	    "'status':{'phase':'Running','containerStatuses':[{'name':'a','restartCount':5,"
	    "'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
	    "'lastState':{'terminated':{'exitCode':1,'finishedAt':'" T2M "'}}}]}}",
	    "['p','0/1','CrashLoopBackOff','5 (2m ago)','5m','<none>','<none>','<none>','<none>']");
	/* Unscheduled and gated pods. */
	check(
	    &pod_printer,
	    "{" POD_META ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
	    "'conditions':[{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}}",
	    "['p','0/1','SchedulingGated','0','5m','<none>','<none>','<none>','<none>']");
	check(&pod_printer,
	      "{" POD_META ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending'}}",
	      "['p','0/1','Pending','0','5m','<none>','<none>','<none>','<none>']");
}

static void test_pod_finished(void **state)
{
	(void)state;
	check(&pod_printer,
	      "{" POD_META ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded',"
	      "'containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':0,"
	      "'reason':'Completed'}}}]}}",
	      "['p','0/1','Completed','0','5m','<none>','<none>','<none>','<none>']");
	check(&pod_printer,
	      "{" POD_META ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed',"
	      "'containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':137}}}]}}",
	      "['p','0/1','ExitCode:137','0','5m','<none>','<none>','<none>','<none>']");
	check(
	    &pod_printer,
	    "{" POD_META ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed',"
	    "'containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':0,'signal':9}}}]}}",
	    "['p','0/1','Signal:9','0','5m','<none>','<none>','<none>','<none>']");
	/* One container done, another still running, and the pod not ready. */
	check(&pod_printer,
	      "{" POD_META ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
	      "'status':{'phase':'Running','containerStatuses':["
	      "{'name':'a','state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
	      "{'name':'b','ready':true,'state':{'running':{}}}]}}",
	      "['p','1/2','NotReady','0','5m','<none>','<none>','<none>','<none>']");
}

static void test_pod_terminating(void **state)
{
	(void)state;
	check(&pod_printer,
	      "{'metadata':{'name':'p','creationTimestamp':'" T5M "','deletionTimestamp':'" T2M
	      "'},"
	      "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running',"
	      "'containerStatuses':[{'name':'a','ready':true,'state':{'running':{}}}]}}",
	      "['p','1/1','Terminating','0','5m','<none>','<none>','<none>','<none>']");
	check(&pod_printer,
	      "{'metadata':{'name':'p','creationTimestamp':'" T5M "','deletionTimestamp':'" T2M
	      "'},"
	      "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','reason':'NodeLost'"
	      "}}",
	      "['p','0/1','Unknown','0','5m','<none>','<none>','<none>','<none>']");
	check(&pod_printer,
	      "{'metadata':{'name':'p','creationTimestamp':'" T5M "','deletionTimestamp':'" T2M
	      "'},"
	      "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded'}}",
	      "['p','0/1','Succeeded','0','5m','<none>','<none>','<none>','<none>']");
}

#define INIT_SPEC                                                                                  \
	"'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'a'}]}"

static void test_pod_init(void **state)
{
	(void)state;
	check(&pod_printer,
	      "{" POD_META "," INIT_SPEC ",'status':{'phase':'Pending','initContainerStatuses':["
	      "{'name':'i1','state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
	      "{'name':'i2','state':{'running':{}}}],'containerStatuses':[{'name':'a',"
	      "'state':{'waiting':{'reason':'PodInitializing'}}}]}}",
	      "['p','0/1','Init:1/2','0','5m','<none>','<none>','<none>','<none>']");
	check(&pod_printer,
	      "{" POD_META "," INIT_SPEC ",'status':{'phase':'Pending','initContainerStatuses':["
	      "{'name':'i1','restartCount':2,'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
	      "'lastState':{'terminated':{'exitCode':1,'finishedAt':'" T2M "'}}}]}}",
	      "['p','0/1','Init:CrashLoopBackOff','2 (2m ago)','5m','<none>','<none>','<none>',"
	      "'<none>']");
	check(&pod_printer,
	      "{" POD_META "," INIT_SPEC ",'status':{'phase':'Pending','initContainerStatuses':["
	      "{'name':'i1','state':{'terminated':{'exitCode':2,'reason':'Error'}}}]}}",
	      "['p','0/1','Init:Error','0','5m','<none>','<none>','<none>','<none>']");
	check(&pod_printer,
	      "{" POD_META "," INIT_SPEC ",'status':{'phase':'Pending','initContainerStatuses':["
	      "{'name':'i1','state':{'terminated':{'exitCode':3}}}]}}",
	      "['p','0/1','Init:ExitCode:3','0','5m','<none>','<none>','<none>','<none>']");
}

static void test_pod_sidecar(void **state)
{
	(void)state;
	/* A restartable init container counts towards READY and RESTARTS. */
	check(&pod_printer,
	      "{" POD_META ",'spec':{'initContainers':[{'name':'log','restartPolicy':'Always'}],"
	      "'containers':[{'name':'app'}]},'status':{'phase':'Running',"
	      "'conditions':[{'type':'Initialized','status':'True'},{'type':'Ready','status':'True'"
	      "}],"
	      "'initContainerStatuses':[{'name':'log','started':true,'ready':true,'restartCount':1,"
	      "'state':{'running':{}},'lastState':{'terminated':{'finishedAt':'" T2M "'}}}],"
	      "'containerStatuses':[{'name':'app','ready':true,'state':{'running':{}}}]}}",
	      "['p','2/2','Running','1 (2m ago)','5m','<none>','<none>','<none>','<none>']");
}

static void test_deployment(void **state)
{
	(void)state;
	check(&deployment_printer,
	      "{'metadata':{'name':'web','creationTimestamp':'" T3D "'},'spec':{'replicas':3,"
	      "'selector':{'matchLabels':{'app':'web'}},'template':{'spec':{'containers':["
	      "{'name':'nginx','image':'nginx:1.25'},{'name':'side','image':'busybox'}]}}},"
	      "'status':{'readyReplicas':2,'updatedReplicas':3,'availableReplicas':2}}",
	      "['web','2/3',3,2,'3d','nginx,side','nginx:1.25,busybox','app=web']");
	check(&deployment_printer,
	      "{'metadata':{'name':'d','creationTimestamp':'" T3D "'},'spec':{'replicas':0,"
	      "'selector':{'matchExpressions':[{'key':'a','operator':'Bogus'}]}}}",
	      "['d','0/0',0,0,'3d','','','<invalid>']");
}

static void test_replicas(void **state)
{
	(void)state;
	check(&replicaset_printer,
	      "{'metadata':{'name':'web-5d8','creationTimestamp':'" T5M "'},'spec':{'replicas':3,"
	      "'selector':{'matchLabels':{'app':'web','pod-template-hash':'5d8'}},"
	      "'template':{'spec':{'containers':[{'name':'nginx','image':'nginx'}]}}},"
	      "'status':{'replicas':3,'readyReplicas':1}}",
	      "['web-5d8',3,3,1,'5m','nginx','nginx','app=web,pod-template-hash=5d8']");
	check(&replicationcontroller_printer,
	      "{'metadata':{'name':'rc','creationTimestamp':'" T5M "'},'spec':{'replicas':2,"
	      "'selector':{'app':'x'}}}",
	      "['rc',2,0,0,'5m','','','app=x']");
	check(&statefulset_printer,
	      "{'metadata':{'name':'db','creationTimestamp':'" T5M "'},'spec':{'replicas':3,"
	      "'template':{'spec':{'containers':[{'name':'pg','image':'postgres:16'}]}}},"
	      "'status':{'readyReplicas':3}}",
	      "['db','3/3','5m','pg','postgres:16']");
	check(&daemonset_printer,
	      "{'metadata':{'name':'proxy','creationTimestamp':'" T3D "'},'spec':{"
	      "'selector':{'matchLabels':{'k8s-app':'proxy'}},'template':{'spec':{"
	      "'nodeSelector':{'kubernetes.io/"
	      "os':'linux'},'containers':[{'name':'p','image':'kp'}]}}},"
	      "'status':{'desiredNumberScheduled':3,'currentNumberScheduled':3,'numberReady':2,"
	      "'updatedNumberScheduled':3,'numberAvailable':2}}",
	      "['proxy',3,3,2,3,2,'kubernetes.io/os=linux','3d','p','kp','k8s-app=proxy']");
	check(&controllerrevision_printer,
	      "{'metadata':{'name':'proxy-7c9','creationTimestamp':'" T3D "','ownerReferences':["
	      "{'apiVersion':'apps/v1','kind':'DaemonSet','name':'proxy','controller':true}]},"
	      "'revision':2}",
	      "['proxy-7c9','daemonset.apps/proxy',2,'3d']");
}

static void test_service(void **state)
{
	(void)state;
	check(
	    &service_printer,
	    "{'metadata':{'name':'s','creationTimestamp':'" T5M "'},'spec':{'type':'NodePort',"
	    "'clusterIPs':['10.96.0.10'],'ports':[{'port':80,'nodePort':30978,'protocol':'TCP'},"
	    "{'port':443,'protocol':'TCP'}],'selector':{'tier':'fe','app':'web'}}}",
	    "['s','NodePort','10.96.0.10','<none>','80:30978/TCP,443/TCP','5m','app=web,tier=fe']");
	check(
	    &service_printer,
	    "{'metadata':{'name':'lb','creationTimestamp':'" T5M "'},'spec':{'type':'LoadBalancer',"
	    "'clusterIPs':['10.96.0.11'],'ports':[{'port':80,'nodePort':31000,'protocol':'TCP'}]}}",
	    "['lb','LoadBalancer','10.96.0.11','<pending>','80:31000/TCP','5m','<none>']");
	check(&service_printer,
	      "{'metadata':{'name':'lb','creationTimestamp':'" T5M
	      "'},'spec':{'type':'LoadBalancer',"
	      "'clusterIPs':['10.96.0.11'],'externalIPs':['5.6.7.8']},'status':{'loadBalancer':{"
	      "'ingress':[{'hostname':'a.example'},{'ip':'1.2.3.4'}]}}}",
	      "['lb','LoadBalancer','10.96.0.11','1.2.3.4,a.example,5.6.7.8','<none>','5m','<none>'"
	      "]");
	check(&service_printer,
	      "{'metadata':{'name':'h','creationTimestamp':'" T5M "'},'spec':{'type':'ClusterIP',"
	      "'clusterIPs':['None'],'externalIPs':['9.9.9.9']}}",
	      "['h','ClusterIP','None','9.9.9.9','<none>','5m','<none>']");
	check(&service_printer,
	      "{'metadata':{'name':'x','creationTimestamp':'" T5M
	      "'},'spec':{'type':'ExternalName',"
	      "'externalName':'db.example.com'}}",
	      "['x','ExternalName','<none>','db.example.com','<none>','5m','<none>']");
}

static void test_endpoints(void **state)
{
	(void)state;
	check(&endpoints_printer,
	      "{'metadata':{'name':'e','creationTimestamp':'" T5M "'},'subsets':[{'addresses':["
	      "{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],'ports':[{'port':80},{'port':443}]},"
	      "{'addresses':[{'ip':'fd00::1'}],'ports':[{'port':8080}]}]}",
	      "['e','10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...','5m']");
	check(&endpoints_printer,
	      "{'metadata':{'name':'e','creationTimestamp':'" T5M "'},'subsets':[{'addresses':["
	      "{'ip':'fd00::1'}],'ports':[{'port':80}]},{'addresses':[{'ip':'10.0.0.7'}]}]}",
	      "['e','[fd00::1]:80,10.0.0.7','5m']");
	check(&endpoints_printer, "{'metadata':{'name':'e','creationTimestamp':'" T5M "'}}",
	      "['e','<none>','5m']");
	check(&endpointslice_printer,
	      "{'metadata':{'name':'es','creationTimestamp':'" T5M "'},'addressType':'IPv4',"
	      "'ports':[{'name':'http','port':80},{'name':'x'},{}],"
	      "'endpoints':[{'addresses':['10.1.0.1']},{'addresses':['10.1.0.2']}]}",
	      "['es','IPv4','80,x,*','10.1.0.1,10.1.0.2','5m']");
	check(&endpointslice_printer,
	      "{'metadata':{'name':'es','creationTimestamp':'" T5M "'},'addressType':'IPv4'}",
	      "['es','IPv4','<unset>','<unset>','5m']");
}

static void test_node(void **state)
{
	(void)state;
	check(
	    &node_printer,
	    "{'metadata':{'name':'n1','creationTimestamp':'" T3D "','labels':{"
	    "'node-role.kubernetes.io/worker':'','node-role.kubernetes.io/control-plane':'',"
	    "'kubernetes.io/hostname':'n1'}},'spec':{'unschedulable':true},'status':{"
	    "'conditions':[{'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'"
	    "True'}],"
	    "'addresses':[{'type':'Hostname','address':'n1'},{'type':'InternalIP',"
	    "'address':'192.168.1.10'}],'nodeInfo':{'kubeletVersion':'v1.33.0','osImage':'Debian',"
	    "'kernelVersion':'6.1.0','containerRuntimeVersion':'containerd://1.7.2'}}}",
	    "['n1','Ready,SchedulingDisabled','control-plane,worker','3d','v1.33.0','192.168.1.10',"
	    "'<none>','Debian','6.1.0','containerd://1.7.2']");
	check(&node_printer,
	      "{'metadata':{'name':'n2','creationTimestamp':'" T3D "','labels':{"
	      "'kubernetes.io/role':'infra'}},'status':{'conditions':[{'type':'Ready',"
	      "'status':'Unknown'}]}}",
	      "['n2','NotReady','infra','3d','','<none>','<none>','<unknown>','<unknown>',"
	      "'<unknown>']");
	check(&node_printer, "{'metadata':{'name':'n3'}}",
	      "['n3','Unknown','<none>','<unknown>','','<none>','<none>','<unknown>','<unknown>',"
	      "'<unknown>']");
}

static void test_events(void **state)
{
	(void)state;
	check(
	    &event_printer,
	    "{'metadata':{'name':'web-1.17a','creationTimestamp':'" T5M "'},'involvedObject':{"
	    "'kind':'Pod','name':'web-1','fieldPath':'spec.containers{a}'},'reason':'Pulled',"
	    "'message':'  Pulled image\\n','type':'Normal','source':{'component':'kubelet',"
	    "'host':'n1'},'firstTimestamp':'" T5M "','lastTimestamp':'" T2M "','count':4}",
	    "['2m','Normal','Pulled','pod/web-1','spec.containers{a}','kubelet, n1','Pulled image',"
	    "'5m',4,'web-1.17a']");
	check(&event_printer,
	      "{'metadata':{'name':'e'},'involvedObject':{'kind':'Node'},'reason':'Starting',"
	      "'type':'Normal','eventTime':'2024-01-01T11:59:30.123456Z',"
	      "'series':{'count':7,'lastObservedTime':'2024-01-01T11:59:50.000000Z'},"
	      "'reportingController':'kubelet','reportingInstance':'n1'}",
	      "['10s','Normal','Starting','node','','kubelet, n1','','29s',7,'e']");
	check(&eventv1_printer,
	      "{'metadata':{'name':'e2'},'regarding':{'kind':'Deployment','name':'web'},"
	      "'note':'Scaled up','type':'Normal','reason':'ScalingReplicaSet',"
	      "'eventTime':'2024-01-01T11:59:30.000000Z','reportingController':'deployment-"
	      "controller'}",
	      "['30s','Normal','ScalingReplicaSet','deployment/web','','deployment-controller',"
	      "'Scaled up','30s',1,'e2']");
}

static void test_config_kinds(void **state)
{
	(void)state;
	check(&namespace_printer,
	      "{'metadata':{'name':'default','creationTimestamp':'" T3D
	      "'},'status':{'phase':'Active'}}",
	      "['default','Active','3d']");
	check(&configmap_printer,
	      "{'metadata':{'name':'cm','creationTimestamp':'" T5M "'},'data':{'a':'1','b':'2'},"
	      "'binaryData':{'c':'AA=='}}",
	      "['cm',3,'5m']");
	check(&secret_printer,
	      "{'metadata':{'name':'s','creationTimestamp':'" T5M "'},'type':'Opaque',"
	      "'data':{'a':'MQ==','b':'Mg=='}}",
	      "['s','Opaque',2,'5m']");
	check(&serviceaccount_printer,
	      "{'metadata':{'name':'default','creationTimestamp':'" T5M "'}}",
	      "['default',0,'5m']");
	check(&podtemplate_printer,
	      "{'metadata':{'name':'t'},'template':{'metadata':{'labels':{'b':'2','a':'1'}},"
	      "'spec':{'containers':[{'name':'c','image':'i'}]}}}",
	      "['t','c','i','a=1,b=2']");
	check(&lease_printer,
	      "{'metadata':{'name':'kube-scheduler','creationTimestamp':'" T3D "'},"
	      "'spec':{'holderIdentity':'node-a_1234'}}",
	      "['kube-scheduler','node-a_1234','3d']");
	check(&role_printer, "{'metadata':{'name':'admin','creationTimestamp':'" T5M "'}}",
	      "['admin','" T5M "']");
	check(&limitrange_printer, "{'metadata':{'name':'lr'}}", "['lr','0001-01-01T00:00:00Z']");
}

static void test_quota(void **state)
{
	(void)state;
	check(&resourcequota_printer,
	      "{'metadata':{'name':'q','creationTimestamp':'" T5M
	      "'},'status':{'hard':{'pods':'10',"
	      "'requests.cpu':'1','limits.memory':'2Gi','limits.cpu':'2'},'used':{'pods':'1',"
	      "'requests.cpu':'500m','limits.cpu':'0'}}}",
	      "['q','pods: 1/10, requests.cpu: 500m/1','limits.cpu: 0/2, limits.memory: "
	      "0/2Gi','5m']");
	/* Quantities print in canonical form, as upstream's Quantity.String(). */
	check(&resourcequota_printer,
	      "{'metadata':{'name':'q','creationTimestamp':'" T5M "'},'status':{'hard':{"
	      "'requests.memory':'1024Mi','limits.cpu':'1.5'},'used':{'requests.memory':'0.5Gi',"
	      "'limits.cpu':'1500m'}}}",
	      "['q','requests.memory: 512Mi/1Gi','limits.cpu: 1500m/1500m','5m']");
	check(&resourcequota_printer, "{'metadata':{'name':'q','creationTimestamp':'" T5M "'}}",
	      "['q','','','5m']");
}

static void test_batch(void **state)
{
	(void)state;
	check(&job_printer,
	      "{'metadata':{'name':'j','creationTimestamp':'" T5M "'},'spec':{'completions':3,"
	      "'selector':{'matchLabels':{'batch.kubernetes.io/controller-uid':'abc'}},"
	      "'template':{'spec':{'containers':[{'name':'c','image':'busybox'}]}}},"
	      "'status':{'succeeded':1,'startTime':'" T5M "'}}",
	      "['j','Running','1/3','5m','5m','c','busybox','batch.kubernetes.io/"
	      "controller-uid=abc']");
	check(&job_printer,
	      "{'metadata':{'name':'j','creationTimestamp':'" T5M "'},'spec':{'parallelism':4},"
	      "'status':{'succeeded':2,'startTime':'2024-01-01T11:50:00Z',"
	      "'completionTime':'2024-01-01T11:50:42Z','conditions':[{'type':'Complete',"
	      "'status':'True'}]}}",
	      "['j','Complete','2/1 of 4','42s','5m','','','<none>']");
	check(&job_printer,
	      "{'metadata':{'name':'j','creationTimestamp':'" T5M "'},'spec':{'suspend':true},"
	      "'status':{'conditions':[{'type':'Suspended','status':'True'}]}}",
	      "['j','Suspended','0/1','','5m','','','<none>']");
	check(
	    &cronjob_printer,
	    "{'metadata':{'name':'cj','creationTimestamp':'" T3D "'},'spec':{"
	    "'schedule':'*/5 * * * *','suspend':false,'jobTemplate':{'spec':{'template':{'spec':{"
	    "'containers':[{'name':'c','image':'busybox'}]}}}}},'status':{'active':[{'name':'x'}],"
	    "'lastScheduleTime':'" T5M "'}}",
	    "['cj','*/5 * * * *','<none>','False',1,'5m','3d','c','busybox','<none>']");
	check(&cronjob_printer,
	      "{'metadata':{'name':'cj','creationTimestamp':'" T3D "'},'spec':{"
	      "'schedule':'@daily','timeZone':'Etc/UTC'}}",
	      "['cj','@daily','Etc/UTC','<unset>',0,'<none>','3d','','','<none>']");
}

static void test_hpa_pdb(void **state)
{
	(void)state;
	check(
	    &hpa_printer,
	    "{'metadata':{'name':'h','creationTimestamp':'" T5M "'},'spec':{'scaleTargetRef':{"
	    "'kind':'Deployment','name':'web'},'maxReplicas':10,'metrics':["
	    "{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization',"
	    "'averageUtilization':80}}},{'type':'Pods','pods':{'metric':{'name':'qps'},"
	    "'target':{'type':'AverageValue','averageValue':'1k'}}},{'type':'External',"
	    "'external':{'metric':{'name':'q'},'target':{'type':'Value','value':'10'}}}]},"
	    "'status':{'currentReplicas':2,'currentMetrics':[{'type':'Resource','resource':{"
	    "'name':'cpu','current':{'averageUtilization':50,'averageValue':'100m'}}}]}}",
	    "['h','Deployment/web','cpu: 50%/80%, <unknown>/1k + 1 more...','<unset>',10,2,'5m']");
	check(
	    &hpa_printer,
	    "{'metadata':{'name':'h','creationTimestamp':'" T5M "'},'spec':{'scaleTargetRef':{"
	    "'kind':'StatefulSet','name':'db'},'minReplicas':1,'maxReplicas':3,'metrics':["
	    "{'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue',"
	    "'averageValue':'512Mi'}}},{'type':'Object','object':{'metric':{'name':'rps'},"
	    "'target':{'type':'AverageValue','averageValue':'10'}}}]},'status':{'currentMetrics':["
	    "{'type':'Resource','resource':{'name':'memory','current':{'averageValue':'300Mi'}}},"
	    "{'type':'Object','object':{'current':{'value':'4'}}}]}}",
	    "['h','StatefulSet/db','memory: 300Mi/512Mi, <unknown>/10 (avg)','1',3,0,'5m']");
	check(&hpa_printer,
	      "{'metadata':{'name':'h','creationTimestamp':'" T5M "'},'spec':{'scaleTargetRef':{"
	      "'kind':'Deployment','name':'web'},'maxReplicas':5}}",
	      "['h','Deployment/web','<none>','<unset>',5,0,'5m']");
	check(&pdb_printer,
	      "{'metadata':{'name':'b','creationTimestamp':'" T5M
	      "'},'spec':{'minAvailable':'50%'},"
	      "'status':{'disruptionsAllowed':1}}",
	      "['b','50%','N/A',1,'5m']");
	check(&pdb_printer,
	      "{'metadata':{'name':'b','creationTimestamp':'" T5M "'},'spec':{'maxUnavailable':1}}",
	      "['b','N/A','1',0,'5m']");
}

static void test_storage(void **state)
{
	(void)state;
	check(&persistentvolume_printer,
	      "{'metadata':{'name':'pv1','creationTimestamp':'" T3D "'},'spec':{'capacity':{"
	      "'storage':'10Gi'},'accessModes':['ReadWriteMany','ReadWriteOnce'],"
	      "'persistentVolumeReclaimPolicy':'Retain','claimRef':{'namespace':'default',"
	      "'name':'data'},'storageClassName':'fast','volumeMode':'Filesystem'},"
	      "'status':{'phase':'Bound'}}",
	      "['pv1','10Gi','RWO,RWX','Retain','Bound','default/data','fast','<unset>','','3d',"
	      "'Filesystem']");
	check(&persistentvolumeclaim_printer,
	      "{'metadata':{'name':'data','creationTimestamp':'" T5M "'},'spec':{"
	      "'storageClassName':'fast','resources':{'requests':{'storage':'1Gi'}}},"
	      "'status':{'phase':'Pending'}}",
	      "['data','Pending','','','','fast','<unset>','5m','<unset>']");
	check(&persistentvolumeclaim_printer,
	      "{'metadata':{'name':'data','creationTimestamp':'" T5M "','annotations':{"
	      "'volume.beta.kubernetes.io/storage-class':'old'}},'spec':{'volumeName':'pv1',"
	      "'storageClassName':'fast','volumeMode':'Block'},'status':{'phase':'Bound',"
	      "'accessModes':['ReadWriteOncePod'],'capacity':{'storage':'10Gi'}}}",
	      "['data','Bound','pv1','10Gi','RWOP','old','<unset>','5m','Block']");
	check(&storageclass_printer,
	      "{'metadata':{'name':'standard','creationTimestamp':'" T3D "','annotations':{"
	      "'storageclass.kubernetes.io/is-default-class':'true'}},"
	      "'provisioner':'rancher.io/local-path','volumeBindingMode':'WaitForFirstConsumer'}",
	      "['standard (default)','rancher.io/local-path','Delete','WaitForFirstConsumer',false,"
	      "'3d']");
}

static void test_cluster_groups(void **state)
{
	(void)state;
	check(&rolebinding_printer,
	      "{'metadata':{'name':'rb','creationTimestamp':'" T5M "'},'roleRef':{"
	      "'kind':'ClusterRole','name':'view'},'subjects':[{'kind':'User','name':'alice'},"
	      "{'kind':'Group','name':'devs'},{'kind':'ServiceAccount','name':'default',"
	      "'namespace':'kube-system'},{'kind':'User','name':'bob'}]}",
	      "['rb','ClusterRole/view','5m','alice, bob','devs','kube-system/default']");
	check(&csr_printer,
	      "{'metadata':{'name':'c','creationTimestamp':'" T5M "'},'spec':{"
	      "'signerName':'kubernetes.io/kube-apiserver-client','username':'alice',"
	      "'expirationSeconds':86400},'status':{'conditions':[{'type':'Approved',"
	      "'status':'True'}],'certificate':'LS0t'}}",
	      "['c','5m','kubernetes.io/kube-apiserver-client','alice','24h','Approved,Issued']");
	check(&csr_printer, "{'metadata':{'name':'c','creationTimestamp':'" T5M "'}}",
	      "['c','5m','<none>','','<none>','Pending']");
	check(&ingress_printer,
	      "{'metadata':{'name':'i','creationTimestamp':'" T5M "'},'spec':{"
	      "'ingressClassName':'nginx','tls':[{'hosts':['a.com']}],'rules':[{'host':'a.com'},{},"
	      "{'host':'b.com'},{'host':'c.com'},{'host':'d.com'}]},'status':{'loadBalancer':{"
	      "'ingress':[{'ip':'10.0.0.9'}]}}}",
	      "['i','nginx','a.com,b.com,c.com + 2 more...','10.0.0.9','80, 443','5m']");
	check(&ingress_printer,
	      "{'metadata':{'name':'i','creationTimestamp':'" T5M "'},'spec':{'rules':[{}]}}",
	      "['i','<none>','*','','80','5m']");
	check(&ingressclass_printer,
	      "{'metadata':{'name':'nginx','creationTimestamp':'" T5M "'},'spec':{"
	      "'controller':'k8s.io/ingress-nginx','parameters':{'apiGroup':'k8s.example.com',"
	      "'kind':'IngressParameters','name':'external-lb'}}}",
	      "['nginx','k8s.io/ingress-nginx','IngressParameters.k8s.example.com/"
	      "external-lb','5m']");
	check(&networkpolicy_printer,
	      "{'metadata':{'name':'deny','creationTimestamp':'" T5M
	      "'},'spec':{'podSelector':{}}}",
	      "['deny','<none>','5m']");
	check(&priorityclass_printer,
	      "{'metadata':{'name':'high','creationTimestamp':'" T3D "'},'value':1000,"
	      "'globalDefault':true,'preemptionPolicy':'PreemptLowerPriority'}",
	      "['high',1000,true,'3d','PreemptLowerPriority']");
}

static void test_selectors(void **state)
{
	json_t *sel = J("{'matchLabels':{'app':'web'},'matchExpressions':["
			"{'key':'tier','operator':'Exists'},"
			"{'key':'env','operator':'In','values':['stage','prod']},"
			"{'key':'legacy','operator':'DoesNotExist'},"
			"{'key':'zone','operator':'NotIn','values':['b','a']}]}");
	json_t *bad = J("{'matchExpressions':[{'key':'a','operator':'In','values':[]}]}");
	json_t *empty = J("{}");
	char *s;

	(void)state;
	s = pr_selector(sel);
	assert_string_equal(s, "app=web,env in (prod,stage),!legacy,tier,zone notin (a,b)");
	free(s);
	assert_null(pr_selector(bad));
	s = pr_selector_fmt(bad);
	assert_string_equal(s, "<error>");
	free(s);
	s = pr_selector(empty);
	assert_string_equal(s, "");
	free(s);
	s = pr_selector_fmt(NULL);
	assert_string_equal(s, "<none>");
	free(s);
	s = pr_labels(NULL);
	assert_string_equal(s, "<none>");
	free(s);
	json_decref(sel);
	json_decref(bad);
	json_decref(empty);
}

/* Every printer kind.h declares (kinds.c itself drags in the whole server). */
#define P(x)                                                                                       \
	{                                                                                          \
#x, &x##_printer                                                                   \
	}
static const struct {
	const char *name;
	const struct printer *p;
} all_printers[] = {
    P(namespace),
    P(pod),
    P(service),
    P(endpoints),
    P(node),
    P(replicationcontroller),
    P(configmap),
    P(secret),
    P(serviceaccount),
    P(event),
    P(resourcequota),
    P(limitrange),
    P(podtemplate),
    P(persistentvolume),
    P(persistentvolumeclaim),
    P(deployment),
    P(replicaset),
    P(statefulset),
    P(daemonset),
    P(controllerrevision),
    P(job),
    P(cronjob),
    P(lease),
    P(endpointslice),
    P(role),
    P(clusterrole),
    P(rolebinding),
    P(clusterrolebinding),
    P(csr),
    P(pdb),
    P(ingress),
    P(ingressclass),
    P(networkpolicy),
    P(hpa),
    P(eventv1),
    P(priorityclass),
    P(storageclass),
};
#undef P

/* Every kind prints one cell per column, whatever shape the object has. */
static void test_every_kind_is_total(void **state)
{
	static const char *const shapes[] = {
	    "{}",
	    "{'metadata':5,'spec':'x','status':[1],'subsets':7,'data':[]}",
	    "{'metadata':{'name':'n','creationTimestamp':'garbage','labels':[]},'spec':{"
	    "'containers':{},'selector':{'matchExpressions':[5]},'ports':[null,7]},"
	    "'status':{'conditions':[null],'containerStatuses':[{'state':5}],"
	    "'initContainerStatuses':[7]}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(all_printers) / sizeof(all_printers[0]); i++) {
		const struct printer *p = all_printers[i].p;
		size_t ncols = 0;

		assert_non_null(p);
		assert_non_null(p->row);
		for (; p->columns[ncols].name; ncols++) {
			assert_non_null(p->columns[ncols].type);
			assert_non_null(p->columns[ncols].format);
			assert_non_null(p->columns[ncols].description);
		}
		assert_true(ncols >= 2);
		for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
			json_t *o = J(shapes[s]), *cells = json_array();
			p->row(o, cells, NOW);
			if (json_array_size(cells) != ncols)
				print_error("%s: %zu cells for %zu columns\n", all_printers[i].name,
					    json_array_size(cells), ncols);
			assert_int_equal(json_array_size(cells), ncols);
			json_decref(o);
			json_decref(cells);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pod_running),	 cmocka_unit_test(test_pod_waiting),
	    cmocka_unit_test(test_pod_finished), cmocka_unit_test(test_pod_terminating),
	    cmocka_unit_test(test_pod_init),	 cmocka_unit_test(test_pod_sidecar),
	    cmocka_unit_test(test_deployment),	 cmocka_unit_test(test_replicas),
	    cmocka_unit_test(test_service),	 cmocka_unit_test(test_endpoints),
	    cmocka_unit_test(test_node),	 cmocka_unit_test(test_events),
	    cmocka_unit_test(test_config_kinds), cmocka_unit_test(test_quota),
	    cmocka_unit_test(test_batch),	 cmocka_unit_test(test_hpa_pdb),
	    cmocka_unit_test(test_storage),	 cmocka_unit_test(test_cluster_groups),
	    cmocka_unit_test(test_selectors),	 cmocka_unit_test(test_every_kind_is_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
