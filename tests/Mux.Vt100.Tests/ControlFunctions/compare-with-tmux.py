#!/usr/bin/env python3
"""Runs control-function data files through tmux and prints where tmux's screen or cursor differs.

Usage: python3 compare-with-tmux.py Data/*.txt
A development aid for writing data files: tmux is a second opinion, not the reference (the documents
cited in each file are; known tmux differences are noted there). tmux reports the cursor one column past
the margin while a wrap is pending, and prints line-drawing cells untranslated.
"""
import sys,os,re,subprocess,time,tempfile
SOCK=os.path.join(tempfile.gettempdir(), f'mux-cf-check-{os.getpid()}')
N=0
def tm(*a): return subprocess.run(['tmux','-S',SOCK,'-f','/dev/null',*a],capture_output=True,text=True).stdout
def decode(s):
    out=bytearray();i=0
    while i<len(s):
        c=s[i]
        if c!='\\': out+=c.encode();i+=1;continue
        e=s[i+1];i+=2
        m={'e':b'\x1b','r':b'\r','n':b'\n','t':b'\t','b':b'\b','a':b'\x07','s':b' ','\\':b'\\'}
        if e in m: out+=m[e]
        elif e=='x': out.append(int(s[i:i+2],16));i+=2
        elif e=='u':
            j=s.index('}',i); out+=chr(int(s[i+1:j],16)).encode(); i=j+1
    return bytes(out)
def run(cols,rows,data,resizes=None):
    f=tempfile.NamedTemporaryFile(delete=False); f.write(data+b'\x1b]2;MUXDONE\x1b\\'); f.close()
    global N; N+=1; t=f's{N}'
    tm('new-session','-d','-s',t,'-x',str(cols),'-y',str(rows),f"stty raw -echo; cat {f.name}; exec sleep 100",';','set','-g','status','off')
    for _ in range(200):
        if tm('display','-t',t,'-p','#{pane_title}').strip()=='MUXDONE': break
        time.sleep(0.02)
    scr=tm('capture-pane','-t',t,'-p').split('\n')[:rows]
    cur=tm('display','-t',t,'-p','#{cursor_y} #{cursor_x}').split()
    os.unlink(f.name); tm('kill-session','-t',t)
    if len(cur)<2: return scr,(-1,-1)
    return scr,(int(cur[0]),int(cur[1]))
for path in sys.argv[1:]:
    lines=open(path).read().split('\n')
    dsize=None;cases=[];cur=None
    i=0
    while i<len(lines):
        l=lines[i];i+=1
        if not l or l.startswith('#'): continue
        if l.startswith('=== '): cur={'name':l[4:],'size':dsize,'d':[]};cases.append(cur);continue
        k,v=l.split(':',1);v=v.strip()
        blk=[]
        while i<len(lines) and lines[i].startswith('|'): blk.append(lines[i][1:-1]);i+=1
        if k=='size':
            s=tuple(map(int,v.split('x')))
            if cur is None: dsize=s
            else: cur['size']=s
            continue
        cur['d'].append((k,v,blk))
    for c in cases:
        data=b''
        for k,v,blk in c['d']:
            if k=='input': data+=decode(v)
            elif k in('screen','cursor'):
                scr,(r,col)=run(c['size'][0],c['size'][1],data)
                if k=='screen':
                    exp=[decode(x).decode().rstrip(' ') for x in blk]
                    act=[x.rstrip(' ') for x in scr]
                    if exp!=act: print(f"{path} [{c['name']}] SCREEN exp={exp} act={act}")
                else:
                    m=re.match(r'row=(\d+) col=(\d+)',v)
                    if (int(m[1]),int(m[2]))!=(r,col): print(f"{path} [{c['name']}] CURSOR exp={m[1]},{m[2]} act={r},{col}")
tm('kill-server')
if os.path.exists(SOCK): os.unlink(SOCK)
