(function(){
var b=document.body;
document.querySelectorAll('input[data-kind]').forEach(function(c){
c.disabled=false;
var f=function(){b.classList.toggle('hide-'+c.getAttribute('data-kind'),!c.checked);};
c.addEventListener('change',f);f();});
document.addEventListener('click',function(e){
var m=e.target.closest?e.target.closest('mark[data-f],td[data-f]'):null;
if(m){location.hash='f-'+m.getAttribute('data-f').split(' ')[0];}});
})();