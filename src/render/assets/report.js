(function(){
var b=document.body;
var rows=[].slice.call(document.querySelectorAll('table.side tr[id]'));
var paras=[].slice.call(document.querySelectorAll('table.side tr.para'));
var boxes=[].slice.call(document.querySelectorAll('input[data-kind]'));
var only=document.querySelector('input[data-rows]');
var q=new URLSearchParams(location.search);
var list=function(k){return (q.get(k)||'').split(',').filter(function(x){return x;});};
var hide=list('hide'),show=list('show');
boxes.forEach(function(c){var k=c.getAttribute('data-kind');
if(hide.indexOf(k)>=0||hide.indexOf('all')>=0)c.checked=false;
if(show.indexOf(k)>=0||show.indexOf('all')>=0)c.checked=true;});
if(only&&q.get('rows')==='findings')only.checked=true;
var shown=function(){var s={};boxes.forEach(function(c){s[c.getAttribute('data-kind')]=c.checked;});return s;};
var apply=function(){
var s=shown();
boxes.forEach(function(c){b.classList.toggle('hide-'+c.getAttribute('data-kind'),!c.checked);});
rows.forEach(function(r){
var ks=(r.getAttribute('data-kinds')||'').split(' ').filter(function(x){return x;});
var any=ks.some(function(k){return s[k]!==false;});
r.hidden=ks.length>0?!any:!!(only&&only.checked);});
paras.forEach(function(p){var n=p.nextElementSibling,all=true;
while(n&&!n.classList.contains('para')){if(!n.hidden){all=false;break;}n=n.nextElementSibling;}
p.hidden=all;});};
boxes.concat(only?[only]:[]).forEach(function(c){c.disabled=false;c.addEventListener('change',apply);});
apply();
if(q.get('check')==='fit'){b.setAttribute('data-fits',String(document.documentElement.scrollWidth<=window.innerWidth+1));}
document.addEventListener('click',function(e){
var m=e.target.closest?e.target.closest('mark[data-f],td[data-f]'):null;
if(m){location.hash='f-'+m.getAttribute('data-f').split(' ')[0];}});
var at=-1;
document.addEventListener('keydown',function(e){
if(e.ctrlKey||e.metaKey||e.altKey||/INPUT|TEXTAREA|SELECT/.test(e.target.tagName))return;
var d=(e.key==='j'||e.key==='n')?1:(e.key==='k'||e.key==='p')?-1:0;
if(!d)return;
var found=rows.filter(function(r){return !r.hidden&&r.hasAttribute('data-kinds');});
if(!found.length)return;
var cur=found.indexOf(document.getElementById(location.hash.slice(1)));
at=cur>=0?cur+d:(d>0?0:found.length-1);
at=Math.max(0,Math.min(found.length-1,at));
location.hash=found[at].id;e.preventDefault();});
})();
